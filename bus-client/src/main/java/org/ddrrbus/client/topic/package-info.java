/** Topic names of the bus: outboxes (the ledger), inboxes, quarantine and the shared statistics topic. */
package org.ddrrbus.client.topic;
