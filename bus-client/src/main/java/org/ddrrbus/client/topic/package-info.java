/** Topic names of the bus: outboxes (the ledger), inboxes, quarantine, the shared statistics topic and the key directory. */
package org.ddrrbus.client.topic;
