package org.ddrrbus.client.signing;

import java.util.List;

/** Headers that carry signatures on the bus. */
public final class SignatureHeaders {

    /** The sender's key id, its signature of a Merkle root, and this record's inclusion proof. */
    public static final String KEY = "ddrr_sig_key";

    public static final String SIGNATURE = "ddrr_sig";
    public static final String PROOF = "ddrr_sig_proof";
    /**
     * The sender's sequence number of the event: 8 bytes, big-endian, strictly increasing in the order the sender
     * signs and sends ({@link SenderSequence}), and covered by its signature. The exchange refuses an event whose
     * sequence is not above the last it accepted from that sender on that outbox partition, which is how it tells a
     * replay from a genuine event however late either arrives.
     */
    public static final String SEQUENCE = "ddrr_sig_seq";

    /** The headers a sender's signature travels in, and the only ones besides the CloudEvents attributes it sets. */
    public static final List<String> SENDER = List.of(KEY, SIGNATURE, PROOF, SEQUENCE);
    /**
     * On deliveries: the sender's leaf hash, so a recipient whose copy had fields withheld can still check that the
     * sender signed the event the exchange says it delivered.
     */
    public static final String LEAF = "ddrr_sig_leaf";

    /**
     * On deliveries: when the event reached its sender's outbox (the broker's append time, RFC 3339), as the exchange
     * read it there. The exchange's countersignature covers it, so a recipient judges the sender's key at the same time
     * the exchange did, however late the delivery.
     */
    public static final String LEDGER_TIME = "ddrr_ledger_time";

    /** The exchange's countersignature of a delivery. */
    public static final String EXCHANGE_KEY = "ddrr_xsig_key";

    public static final String EXCHANGE_SIGNATURE = "ddrr_xsig";
    public static final String EXCHANGE_PROOF = "ddrr_xsig_proof";

    /**
     * Version 2 of a delivery's signatures: the sender's key id, signature, proof and sequence, its leaf, the ledger
     * time and the exchange's countersignature, in one binary header laid out as {@link Seal} says, in place of
     * every header above. Readers read both versions: records written in version 1 stay on the bus for years.
     */
    public static final String SEAL = "ddrr_seal";

    /** On the key directory: the id of the operator's directory key, and its signature of the statement. */
    public static final String DIRECTORY_KEY = "ddrr_dir_key";

    public static final String DIRECTORY_SIGNATURE = "ddrr_dir_sig";

    private SignatureHeaders() {}
}
