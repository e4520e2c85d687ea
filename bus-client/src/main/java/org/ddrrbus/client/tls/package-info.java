/**
 * Trusting the bus's own certificate authority, serving TLS with a certificate it issued, and saying in one line why a
 * TLS connection to the broker failed.
 */
package org.ddrrbus.client.tls;
