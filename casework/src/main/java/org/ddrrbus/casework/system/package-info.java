/** Wiring shared by the partner services: the agency's identity, Kafka clients, security and error responses. */
package org.ddrrbus.casework.system;
