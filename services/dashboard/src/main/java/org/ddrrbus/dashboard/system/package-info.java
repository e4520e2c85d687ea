/** Wiring: the dashboard's settings, its users, the Kafka clients it runs and their lifecycle. */
package org.ddrrbus.dashboard.system;
