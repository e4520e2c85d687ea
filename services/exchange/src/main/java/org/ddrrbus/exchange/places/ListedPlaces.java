package org.ddrrbus.exchange.places;

import java.util.Optional;
import org.ddrrbus.client.agreement.Places;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.envelope.Envelope;
import org.ddrrbus.client.rejection.Rejection;

/**
 * The exchange's own check that an event names only places the agreement lists. The services check the same lists
 * before they publish, but a partner's client may write its outbox directly, so the exchange cannot take a place on
 * trust: an unlisted one is refused as a malformed body, with the field and the list it is missing from.
 */
public final class ListedPlaces {

    private ListedPlaces() {}

    /** The refusal of an event that names a place the agreement does not list, if it does. */
    public static Optional<Rejection> check(SharingAgreement agreement, Envelope envelope) {
        Places places = agreement.places();
        return places.unlisted(envelope.event())
                .map(unlisted -> new Rejection.MalformedBody(envelope.typeName(), unlisted.reason()));
    }
}
