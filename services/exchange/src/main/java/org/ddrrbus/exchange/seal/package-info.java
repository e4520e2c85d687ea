/** Sealing: the exchange's countersignature, one per transaction, applied by its producer at commit. */
package org.ddrrbus.exchange.seal;
