/** The federation agreement: which event types cross between two national buses, and whom each bus trusts. */
package org.ddrrbus.federation.agreement;
