/** Sealing: the exchange's countersignature, one per chunk of a transaction's deliveries, applied by its producer. */
package org.ddrrbus.exchange.seal;
