/** Referrals: issuing, answering (accept, decline with a reason, complete with an outcome) and withdrawing them. */
package org.ddrrbus.casework.referral;
