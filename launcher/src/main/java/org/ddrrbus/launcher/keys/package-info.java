/**
 * {@code ddrr keys}: a partner's request to register a signing key, and the operator's approval, revocation and
 * listing of the key directory; also the local operator that {@code ddrr up} plays for its own components.
 */
package org.ddrrbus.launcher.keys;
