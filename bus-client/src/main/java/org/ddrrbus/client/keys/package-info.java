/**
 * The key directory: which public key speaks for which principal, from when to when, published on {@code ddrr.keys}
 * and signed by the bus operator's directory key. Here are its reader (followed by every verifier), the operator's
 * writer (registration by request and approval, rotation, revocation), the request a partner makes, and a
 * principal's own private keys with the choice of which one signs now.
 */
package org.ddrrbus.client.keys;
