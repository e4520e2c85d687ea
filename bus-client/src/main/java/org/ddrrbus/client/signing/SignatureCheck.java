package org.ddrrbus.client.signing;

/** The outcome of checking a signature. */
public sealed interface SignatureCheck {

    /** It verifies; {@code signer} is the principal whose key made it. */
    record Valid(String keyId, String signer) implements SignatureCheck {}

    record Unsigned() implements SignatureCheck {}

    record Invalid(String problem) implements SignatureCheck {}
}
