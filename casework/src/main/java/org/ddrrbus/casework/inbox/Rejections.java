package org.ddrrbus.casework.inbox;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ddrrbus.client.envelope.Envelope;
import org.ddrrbus.events.DeliveryRejected;
import org.ddrrbus.events.SubjectErased;
import org.springframework.stereotype.Component;

/** The refusals the exchange sent this agency about its own events. */
@Component
public class Rejections implements InboxProjection {

    public record Rejected(
            Instant time,
            String rejectedEventId,
            String rejectedEventType,
            String subjectRef,
            String reason,
            String detail) {}

    private final List<Rejected> rejected = new CopyOnWriteArrayList<>();

    @Override
    public void apply(Envelope envelope, String purpose) {
        if (envelope.event() instanceof SubjectErased erased) {
            // Later refusals (SUBJECT_ERASED) are kept: they say why an event about the person was not sent.
            rejected.removeIf(r -> erased.getSubjectRef().equals(r.subjectRef()));
        } else if (envelope.event() instanceof DeliveryRejected r) {
            rejected.add(new Rejected(
                    envelope.time(),
                    r.getRejectedEventId(),
                    r.getRejectedEventType(),
                    r.getSubjectRef(),
                    r.getReason().name(),
                    r.getDetail()));
        }
    }

    public List<Rejected> all() {
        return List.copyOf(rejected);
    }
}
