/**
 * Reaching the bus read-only: the auditor's connection, what range of a topic a command reads, reading it without a
 * consumer group, progress on stderr, and Kafka's failures as one readable line.
 */
package org.ddrrbus.auditor.bus;
