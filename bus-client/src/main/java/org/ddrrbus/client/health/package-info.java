/**
 * When a component is ready: connected to Kafka and caught up with what it reads, judged from its Kafka clients' own
 * metrics, so that a health probe asks the broker nothing.
 */
package org.ddrrbus.client.health;
