/** Mentorship: sessions with the person and their family or significant others, reported to the referrer. */
package org.ddrrbus.cicc.mentorship;
