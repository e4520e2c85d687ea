/** The inbox: replayed at every start into the service's read models, with malformed records quarantined. */
package org.ddrrbus.casework.inbox;
