/** The installation's own certificate authority, and the broker's TLS key and certificate signed by it. */
package org.ddrrbus.broker.tls;
