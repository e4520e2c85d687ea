/**
 * What the exchange keeps about each person, next to that person's events: the consents recorded, who recorded them
 * and who relied on them, and the referrals issued, by whom, to whom and where they stand.
 */
package org.ddrrbus.exchange.subject;
