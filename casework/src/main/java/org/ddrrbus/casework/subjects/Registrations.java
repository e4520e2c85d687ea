package org.ddrrbus.casework.subjects;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.ddrrbus.casework.inbox.InboxProjection;
import org.ddrrbus.casework.system.Agency;
import org.ddrrbus.casework.system.ApiException;
import org.ddrrbus.casework.system.Reason;
import org.ddrrbus.client.envelope.Envelope;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.events.BorderReturnRecorded;
import org.ddrrbus.events.ReturneeRegistered;
import org.ddrrbus.events.SubjectErased;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The people registered with this agency, rebuilt from its inbox: the only people it may record anything about.
 *
 * <p>A person is registered with an agency once its inbox has carried the event that gave them their case code
 * ({@code ReturneeRegistered} from the centre, {@code BorderReturnRecorded} from the reintegration programme), or any
 * event about them from another agency: that is how a service provider is told of a person (a referral, a phase
 * change, a registration shared with the county). The agency's own events do not count, nor the exchange's refusals,
 * so an agency cannot make a person known by writing about them.
 */
@Component
public class Registrations implements InboxProjection {

    private final Agency agency;
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    /** Erased people, by case code only: no later event (a confirmation, a refusal) registers them again. */
    private final Set<String> erased = ConcurrentHashMap.newKeySet();

    Registrations(Agency agency) {
        this.agency = agency;
    }

    @Override
    public void apply(Envelope envelope, String purpose) {
        Schema.Field field = envelope.event().getSchema().getField("subjectRef");
        Object subjectRef = field == null ? null : envelope.event().get(field.pos());
        if (subjectRef == null) {
            return;
        }
        if (envelope.event() instanceof SubjectErased) {
            registered.remove(subjectRef.toString());
            erased.add(subjectRef.toString());
        } else if (!erased.contains(subjectRef.toString()) && introduces(envelope)) {
            registered.add(subjectRef.toString());
        }
    }

    /** Whether the case owner erased the person: nothing more is recorded about them here. */
    public boolean erased(String subjectRef) {
        return erased.contains(subjectRef);
    }

    private boolean introduces(Envelope envelope) {
        if (envelope.event() instanceof ReturneeRegistered || envelope.event() instanceof BorderReturnRecorded) {
            return true;
        }
        return !envelope.sender().equals(agency.id()) && !envelope.sender().equals(Components.EXCHANGE);
    }

    /** Whether the person is registered with this agency (see the class comment). */
    public boolean registered(String subjectRef) {
        return registered.contains(subjectRef);
    }

    /**
     * A 404 naming the field if the case owner erased the person: what a write about them is answered, and a read of
     * their case file, in the same words.
     */
    public void requireNotErased(String field, String subjectRef) {
        if (erased(subjectRef)) {
            throw new ApiException(HttpStatus.NOT_FOUND, field, Reason.of("subject.erased", subjectRef));
        }
    }

    /** A 404 naming the field unless the person is registered with this agency. */
    public void require(String field, String subjectRef) {
        requireNotErased(field, subjectRef);
        if (!registered(subjectRef)) {
            throw new ApiException(HttpStatus.NOT_FOUND, field, Reason.of("subject.unknown", subjectRef, agency.id()));
        }
    }
}
