/** Trusting the bus's own certificate authority, and saying in one line why a TLS connection to the broker failed. */
package org.ddrrbus.client.tls;
