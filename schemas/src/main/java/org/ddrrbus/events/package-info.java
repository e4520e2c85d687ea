/** The event catalogue: every event type the bus carries with each version of its Avro schema, found by name, class or fingerprint. */
package org.ddrrbus.events;
