/** ./ddrr provision: applies the agreement's topics, users and ACLs to a Kafka cluster, or shows the plan. */
package org.ddrrbus.launcher.provision;
