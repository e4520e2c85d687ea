/** What the sharing of a referral promises: how soon the receiving agency must answer. */
package org.ddrrbus.client.referral;
