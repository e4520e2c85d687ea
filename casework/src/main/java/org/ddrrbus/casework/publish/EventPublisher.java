package org.ddrrbus.casework.publish;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.ddrrbus.casework.inbox.DeliveryTracker;
import org.ddrrbus.casework.system.Agency;
import org.ddrrbus.casework.system.ApiException;
import org.ddrrbus.casework.system.PlaceLists;
import org.ddrrbus.casework.system.Reason;
import org.ddrrbus.casework.system.ServiceProperties;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.envelope.Envelope;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.keys.KeyDirectoryException;
import org.ddrrbus.client.keys.SigningKeys;
import org.ddrrbus.client.metrics.MeterNames;
import org.ddrrbus.client.signing.RecordSigner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Publishes an event to the agency's outbox and returns once the broker has acknowledged it (acks=all), so that a
 * 202 to the caseworker means the event is durably on the ledger.
 */
@Component
public class EventPublisher {

    private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);
    private static final Set<String> POLICY_REFUSALS = Set.of(
            "SENDER_NOT_PERMITTED",
            "RECIPIENT_NOT_PERMITTED",
            "PURPOSE_NOT_PERMITTED",
            "NO_CONSENT",
            "SOURCE_MISMATCH",
            "CONSENT_NOT_OWNED",
            "NOT_REFERRAL_PARTY");

    private final Outbox outbox;
    private final EventCodec codec;
    private final Agency agency;
    private final SharingAgreement agreement;
    private final DeliveryTracker deliveries;
    private final Duration deliveryWait;
    private final RecordSigner signer;
    private final PlaceLists places;
    private final MeterRegistry meters;

    EventPublisher(
            Outbox outbox,
            EventCodec codec,
            Agency agency,
            SharingAgreement agreement,
            DeliveryTracker deliveries,
            ServiceProperties service,
            SigningKeys signingKeys,
            PlaceLists places,
            MeterRegistry meters) {
        this.outbox = outbox;
        this.codec = codec;
        this.agency = agency;
        this.agreement = agreement;
        this.deliveries = deliveries;
        this.deliveryWait = service.deliveryWait();
        // The agency's current key at every event: a key the operator approves takes over without a restart.
        this.signer = RecordSigner.sender(signingKeys);
        this.places = places;
        this.meters = meters;
    }

    /** Whether the agreement lets this agency send the event type at all; the exchange enforces it again. */
    public void requireMaySend(Class<? extends SpecificRecord> eventType) {
        String name = eventType.getSimpleName();
        boolean allowed =
                agreement.policy(name).map(p -> p.maySend(agency.id())).orElse(false);
        if (!allowed) {
            throw ApiException.forbidden(Reason.of("agreement.maySend", agency.id(), name));
        }
    }

    /**
     * Publishes and waits briefly for the exchange's verdict. A refusal becomes a 403 (the agreement or consent does
     * not allow it) or a 400, naming the event id so the refusal can be traced on the ledger.
     */
    public Receipt deliver(SpecificRecord event, String reference) {
        PublishedEvent published = publish(event);
        DeliveryTracker.Status status = deliveries.await(published.eventId(), deliveryWait);
        if (status.rejected()) {
            HttpStatus code = POLICY_REFUSALS.contains(status.reason()) ? HttpStatus.FORBIDDEN : HttpStatus.BAD_REQUEST;
            throw new ApiException(
                    code,
                    null,
                    Reason.of(
                            "exchange.refused",
                            status.detail(),
                            Reason.word("enum.RejectionReason." + status.reason(), status.reason())),
                    published.eventId());
        }
        return new Receipt(
                published.eventId(), published.eventType(), published.subjectRef(), status.state(), reference);
    }

    public PublishedEvent publish(SpecificRecord event) {
        requireMaySend(event.getClass());
        places.requireListed(event);
        Envelope envelope = codec.envelope(agency.id(), event);
        ProducerRecord<String, byte[]> record = codec.seal(agency.outbox(), envelope);
        // One caseworker action is one event: a tree of one, signed at once rather than held back for a batch.
        // Signing numbers the event, and the exchange refuses numbers that arrive out of order: so events are signed
        // and handed to the producer under one lock, which keeps them in that order on each partition.
        java.util.concurrent.CompletableFuture<RecordMetadata> sending;
        synchronized (this) {
            try {
                signer.signEvents(List.of(record.headers()), List.of(record.value()));
            } catch (KeyDirectoryException e) {
                // Its key was revoked or has ended and no successor is registered yet: nothing it signed would count.
                log.warn("Cannot sign as {}: {}", agency.id(), e.getMessage());
                throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, null, Reason.of("bus.noKey"));
            }
            sending = outbox.send(record);
        }
        try {
            RecordMetadata metadata = sending.get(15, TimeUnit.SECONDS);
            deliveries.published(envelope.id());
            meters.counter(MeterNames.PUBLISHED, MeterNames.TYPE, envelope.typeName())
                    .increment();
            return new PublishedEvent(
                    envelope.id(),
                    envelope.typeName(),
                    envelope.subject(),
                    metadata.topic(),
                    metadata.partition(),
                    metadata.offset());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, null, Reason.of("bus.interrupted"));
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Could not publish {} to {}: {}", envelope.typeName(), agency.outbox(), e.toString());
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, null, Reason.of("bus.unacknowledged"));
        }
    }
}
