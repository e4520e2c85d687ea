/** Spring Boot wiring shared by the bus's services: connection settings, the agreement and the codec as beans. */
package org.ddrrbus.client.spring;
