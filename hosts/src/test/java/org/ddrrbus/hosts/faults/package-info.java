/** Faults across separate hosts: a three-broker cluster, each broker its own JVM on its own host, under fire. */
package org.ddrrbus.hosts.faults;
