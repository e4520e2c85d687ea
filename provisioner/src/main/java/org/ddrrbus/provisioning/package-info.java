/** The agreement made real on a Kafka cluster: topics, SCRAM users and ACLs, planned as a diff and applied. */
package org.ddrrbus.provisioning;
