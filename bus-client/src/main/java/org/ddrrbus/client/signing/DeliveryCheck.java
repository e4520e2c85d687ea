package org.ddrrbus.client.signing;

import java.util.Optional;
import org.ddrrbus.client.rejection.Rejection;
import org.ddrrbus.client.topic.Components;

/**
 * How every reader of an inbox, a partner's service or the auditor, judges a delivery the exchange made: the sender's
 * signature of the event, the exchange's countersignature of this copy, and, where the exchange withheld nothing, that
 * the copy is exactly the event the sender signed rather than merely vouched for by the exchange.
 *
 * @param sender the sender's signature, by the leaf the delivery names
 * @param exchange the exchange's countersignature of this delivery into this inbox
 * @param asSigned false only when nothing was withheld and yet the value differs from the event the sender signed
 */
public record DeliveryCheck(SignatureCheck sender, SignatureCheck exchange, boolean asSigned) {

    /** Said when a copy with nothing withheld is not the event its sender signed. */
    public static final String ALTERED = "the delivered event is not the one its sender signed";

    /**
     * Why a reader must set the delivery aside, or empty when it stands: the sender's signature failed, is missing or is
     * not the event's sender's; then the same of the exchange's countersignature; then an altered copy.
     */
    public Optional<Rejection> refusal(String eventSender) {
        return sender.refusalUnlessSignedBy(eventSender)
                .or(() -> exchange.refusalUnlessSignedBy(Components.EXCHANGE))
                .or(() -> asSigned ? Optional.empty() : Optional.of(new Rejection.BadSignature(ALTERED)));
    }
}
