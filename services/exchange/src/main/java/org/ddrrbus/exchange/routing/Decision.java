package org.ddrrbus.exchange.routing;

import java.util.List;
import org.ddrrbus.client.rejection.Rejection;
import org.ddrrbus.exchange.consent.ConsentBook;

/** What the exchange does with a well-formed event: deliver it (and keep the updated consents), or refuse it. */
public sealed interface Decision {

    record Deliver(List<Delivery> deliveries, ConsentBook consents) implements Decision {
        public Deliver {
            deliveries = List.copyOf(deliveries);
        }
    }

    record Refuse(Rejection rejection) implements Decision {}
}
