/**
 * Signatures at Kafka speed: Ed25519 over Merkle roots of batches, an inclusion proof per record, and the exchange's
 * countersignature of what it delivers.
 */
package org.ddrrbus.client.signing;
