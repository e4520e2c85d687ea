package org.ddrrbus.exchange.routing;

import java.util.List;
import java.util.Optional;
import org.ddrrbus.client.rejection.Rejection;
import org.ddrrbus.exchange.subject.SubjectFile;

/** What the exchange does with a well-formed event: deliver it (and keep the person's updated file), or refuse it. */
sealed interface Decision {

    /**
     * @param abroad the other national bus whose referral the event answers or reports on: it goes to no agency here,
     *     and its sender's own copy says where it may cross to
     */
    record Deliver(List<Delivery> deliveries, SubjectFile file, Optional<String> abroad) implements Decision {
        public Deliver {
            deliveries = List.copyOf(deliveries);
            abroad = abroad == null ? Optional.empty() : abroad;
        }

        public Deliver(List<Delivery> deliveries, SubjectFile file) {
            this(deliveries, file, Optional.empty());
        }
    }

    record Refuse(Rejection rejection) implements Decision {}
}
