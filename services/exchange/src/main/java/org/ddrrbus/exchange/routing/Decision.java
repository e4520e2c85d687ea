package org.ddrrbus.exchange.routing;

import java.util.List;
import org.ddrrbus.client.rejection.Rejection;
import org.ddrrbus.exchange.subject.SubjectFile;

/** What the exchange does with a well-formed event: deliver it (and keep the person's updated file), or refuse it. */
sealed interface Decision {

    record Deliver(List<Delivery> deliveries, SubjectFile file) implements Decision {
        public Deliver {
            deliveries = List.copyOf(deliveries);
        }
    }

    record Refuse(Rejection rejection) implements Decision {}
}
