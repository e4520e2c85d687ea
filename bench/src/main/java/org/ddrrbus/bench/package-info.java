/** The benchmark program: runs the bus and a plain Kafka pipe in one run, analyses the latencies and writes docs/benchmarks.md. */
package org.ddrrbus.bench;
