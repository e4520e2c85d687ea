package org.ddrrbus.exchange.routing;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.ddrrbus.client.envelope.CloudEventHeaders;
import org.ddrrbus.client.envelope.Envelope;
import org.ddrrbus.client.metrics.MeterNames;
import org.ddrrbus.client.rejection.Rejection;
import org.ddrrbus.client.signing.SignatureCheck;
import org.ddrrbus.client.signing.SignatureHeaders;
import org.ddrrbus.client.signing.SignatureVerifier;
import org.ddrrbus.client.topic.Components;

/**
 * The {@link Gate}'s checks of who sent a record and how: that it lies on the partition its key names, carries no
 * header but the sender's own, and is signed by the agency whose outbox it was read from, in sequence.
 */
final class SenderChecks {

    /**
     * The only headers a sender may set, and the only ones of its headers that travel on: the CloudEvents attributes
     * and its signature. Anything else could carry what minimisation withholds, countersigned by the exchange.
     */
    static final Set<String> SENDER_HEADERS = senderHeaders();

    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final SignatureVerifier verifier;
    private final Timer verification;
    private final Clock clock;
    private final int ledgerPartitions;

    SenderChecks(SignatureVerifier verifier, Clock clock, int ledgerPartitions, MeterRegistry meters) {
        this.verifier = verifier;
        this.verification = meters.timer(MeterNames.VERIFICATION, MeterNames.COMPONENT, Components.EXCHANGE);
        this.clock = clock;
        this.ledgerPartitions = ledgerPartitions;
    }

    /**
     * A person's events and file meet in one task only if every record sits on the partition its subjectRef's hash
     * names, as Kafka's default partitioner puts it; a record written elsewhere would also escape the replay check,
     * which remembers each sender's sequence per partition. So the key must be where it belongs.
     */
    Optional<Rejection> misplaced(String key, int partition) {
        if (key == null) {
            return Optional.empty();
        }
        int expected = Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % ledgerPartitions;
        return expected == partition
                ? Optional.empty()
                : Optional.of(new Rejection.MalformedHeader(
                        "key", "belongs on partition " + expected + " of the outbox, not " + partition));
    }

    /** Any header but the CloudEvents attributes and the signature is refused, rather than silently dropped. */
    static Optional<Rejection> notAllowed(Headers headers) {
        String first = null;
        int others = 0;
        for (Header header : headers) {
            if (!SENDER_HEADERS.contains(header.key())) {
                if (first == null) {
                    first = header.key();
                } else {
                    others++;
                }
            }
        }
        return first == null ? Optional.empty() : Optional.of(new Rejection.HeaderNotAllowed(first, others));
    }

    /**
     * The outbox proves the sender on the bus (only the owner's principal can write it); the signature proves it
     * beyond the bus. They must agree with each other and with {@code ce_source}, and each signed event counts once.
     *
     * <p>Replays are told by the sender's signed sequence number, which must rise on each outbox partition: the
     * exchange keeps one number per sender and partition, however many events, and refuses nothing for its age. A
     * node that was offline for weeks, or an exchange that was down, delivers its backlog as it was numbered.
     */
    Optional<Rejection> authenticate(
            Record<String, byte[]> record,
            String owner,
            Envelope envelope,
            byte[] leaf,
            long sequence,
            KeyValueStore<String, Long> sequences) {
        // The record's timestamp is when it reached the outbox (LogAppendTime), which the sender cannot choose.
        SignatureCheck signature =
                verification.record(() -> verifier.checkEventLeaf(record.headers(), leaf, record.timestamp()));
        if (signature.refusal().isPresent()) {
            return signature.refusal();
        }
        String signer = ((SignatureCheck.Valid) signature).signer();
        if (!envelope.sender().equals(owner)) {
            return Optional.of(new Rejection.SourceMismatch(envelope.sender(), owner));
        }
        if (!signer.equals(envelope.sender())) {
            return Optional.of(new Rejection.NotTheSigner(envelope.sender(), signer));
        }
        if (envelope.time().isAfter(clock.instant().plus(CLOCK_SKEW))) {
            return Optional.of(
                    new Rejection.Postdated(envelope.id(), envelope.time().toString()));
        }
        if (sequence < 0) {
            return Optional.of(new Rejection.Unnumbered(envelope.id()));
        }
        Long last = sequences.get(envelope.sender());
        if (last != null && sequence <= last) {
            return Optional.of(new Rejection.Replayed(envelope.id(), envelope.sender(), sequence, last));
        }
        return Optional.empty();
    }

    private static Set<String> senderHeaders() {
        Set<String> allowed = new LinkedHashSet<>(CloudEventHeaders.REQUIRED);
        allowed.addAll(SignatureHeaders.SENDER);
        return Set.copyOf(allowed);
    }
}
