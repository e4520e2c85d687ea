/** Kafka's own MirrorMaker 2, configured for the federation's one-way flows and run in this process. */
package org.ddrrbus.federation.mirror;
