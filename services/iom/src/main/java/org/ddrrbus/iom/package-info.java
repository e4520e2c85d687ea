/** The reintegration programme's service: referrals it accepts, border returns and the support it gives. */
package org.ddrrbus.iom;
