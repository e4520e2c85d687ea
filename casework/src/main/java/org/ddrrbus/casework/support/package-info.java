/** Support: livelihood, psychosocial and other support delivered on a referral, reported to the referrer. */
package org.ddrrbus.casework.support;
