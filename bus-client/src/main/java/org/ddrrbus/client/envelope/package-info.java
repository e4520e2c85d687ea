/** The wire format: Avro single-object encoded events with CloudEvents binary-mode headers, keyed by subject. */
package org.ddrrbus.client.envelope;
