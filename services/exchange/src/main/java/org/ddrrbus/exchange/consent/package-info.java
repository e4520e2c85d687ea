/** Consent: each person's recorded consents, what they cover, and who relied on them. */
package org.ddrrbus.exchange.consent;
