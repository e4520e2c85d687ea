package org.ddrrbus.client.signing;

import java.util.List;

/** Headers that carry signatures on the bus. */
public final class SignatureHeaders {

    /** The sender's key id, its signature of a Merkle root, and this record's inclusion proof. */
    public static final String KEY = "ddrr_sig_key";

    public static final String SIGNATURE = "ddrr_sig";
    public static final String PROOF = "ddrr_sig_proof";

    /** The headers a sender's signature travels in, and the only ones besides the CloudEvents attributes it sets. */
    public static final List<String> SENDER = List.of(KEY, SIGNATURE, PROOF);
    /**
     * On deliveries: the sender's leaf hash, so a recipient whose copy had fields withheld can still check that the
     * sender signed the event the exchange says it delivered.
     */
    public static final String LEAF = "ddrr_sig_leaf";

    /** The exchange's countersignature of a delivery. */
    public static final String EXCHANGE_KEY = "ddrr_xsig_key";

    public static final String EXCHANGE_SIGNATURE = "ddrr_xsig";
    public static final String EXCHANGE_PROOF = "ddrr_xsig_proof";

    private SignatureHeaders() {}
}
