/** Sealing: the exchange's countersignature, one per chunk of a transaction's deliveries, applied by its producer inside the transaction. */
package org.ddrrbus.exchange.seal;
