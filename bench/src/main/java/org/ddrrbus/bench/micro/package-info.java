/** JMH micro-benchmarks of the parts every event passes through: sealing, signing and opening. */
package org.ddrrbus.bench.micro;
