/** The exchange: the one component that checks every event against the agreement and delivers it, minimised, to inboxes. */
package org.ddrrbus.exchange;
