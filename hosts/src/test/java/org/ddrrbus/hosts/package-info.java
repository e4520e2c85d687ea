/** Separate hosts on one machine (network namespaces), real JVMs on each, and the tests that run the bus across them. */
package org.ddrrbus.hosts;
