/** How the bus runs its own Kafka Streams applications. */
package org.ddrrbus.client.streams;
