/** Publishing: sealing an event and writing it durably to the agency's own outbox. */
package org.ddrrbus.casework.publish;
