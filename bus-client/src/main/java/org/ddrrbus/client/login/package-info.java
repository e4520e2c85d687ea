/** How a client logs in to the bus's brokers: the one place a SASL JAAS line is written. */
package org.ddrrbus.client.login;
