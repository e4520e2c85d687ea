/** The two pipelines compared: the bus (outbox, exchange, inbox) and a plain Kafka pipe with the same load. */
package org.ddrrbus.bench.pipe;
