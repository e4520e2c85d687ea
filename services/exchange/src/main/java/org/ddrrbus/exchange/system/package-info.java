/** Wiring: the exchange's settings and the lifecycle of its Kafka Streams application. */
package org.ddrrbus.exchange.system;
