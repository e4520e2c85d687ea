package org.ddrrbus.client.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.signing.RegisteredKey;
import org.ddrrbus.client.signing.SigningKey;
import org.ddrrbus.client.text.OneLine;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.client.topic.Topics;

/**
 * The operator's side of the key directory: approves a partner's request (which makes the new key its principal's
 * current one and ends the others after an overlap), revokes a key from an instant, and lists what the directory says.
 * Every statement is signed with the operator's directory key and written as the operator's admin principal, the only
 * one that may write {@code ddrr.keys}.
 */
public final class KeyRegistrar implements AutoCloseable {

    /**
     * How long a principal's previous keys stay valid after a new one is approved: long enough for events signed with
     * them before the switch to reach the bus. Their arrival, not their delivery, is what counts.
     */
    public static final Duration DEFAULT_OVERLAP = Duration.ofHours(1);

    private static final Duration MAX_OVERLAP = Duration.ofDays(30);

    private final KeyDirectory directory;
    private final KafkaProducer<String, byte[]> producer;
    private final DirectoryKey signer;
    private final Set<String> principals;
    private final Clock clock;
    private final Duration timeout;
    private final DirectoryEntries entries = new DirectoryEntries();

    private KeyRegistrar(
            KeyDirectory directory,
            KafkaProducer<String, byte[]> producer,
            DirectoryKey signer,
            Set<String> principals,
            Clock clock,
            Duration timeout) {
        this.directory = directory;
        this.producer = producer;
        this.signer = signer;
        this.principals = Set.copyOf(principals);
        this.clock = clock;
        this.timeout = timeout;
    }

    /**
     * Reads the directory as the operator and gets ready to write to it.
     *
     * @param admin Kafka client settings of the operator's admin principal
     * @param principals who may have keys: see {@link #principalsOf}
     */
    public static KeyRegistrar connect(
            Map<String, Object> admin, DirectoryKey signer, Set<String> principals, Clock clock, Duration timeout) {
        KeyDirectory directory = KeyDirectory.follow(admin, signer.anchor(), timeout);
        Map<String, Object> props = new HashMap<>(admin);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000) + 1_000);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        try {
            return new KeyRegistrar(
                    directory,
                    new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer()),
                    signer,
                    principals,
                    clock,
                    timeout);
        } catch (RuntimeException e) {
            directory.close();
            throw e;
        }
    }

    /**
     * Who may have a signing key: every agency of the agreement, the exchange, which countersigns, and the dashboard,
     * which signs its requests for the keys of the people it counts.
     */
    public static Set<String> principalsOf(SharingAgreement agreement) {
        Set<String> principals = new TreeSet<>(agreement.agencies().keySet());
        principals.add(Components.EXCHANGE);
        principals.add(Components.DASHBOARD);
        return principals;
    }

    /** What an approval stated: the new key, and the earlier keys of its principal whose validity now ends. */
    public record Approval(RegisteredKey registered, List<RegisteredKey> ending) {
        public Approval {
            ending = List.copyOf(ending);
        }
    }

    /** Approves a request: its key speaks for its agency from now on. See {@link #approve(KeyRequest, Duration, Instant)}. */
    public Approval approve(KeyRequest request, Duration overlap) {
        return approve(request, overlap, now());
    }

    /**
     * Approves a request: the key speaks for its agency from {@code validFrom}, and every other key of the agency that
     * is current now ends {@code overlap} later, so that events already signed with it still count.
     *
     * @throws KeyDirectoryException in one line: a forged or altered request, an agency the agreement does not name, a
     *     key the directory already holds
     */
    public Approval approve(KeyRequest request, Duration overlap, Instant validFrom) {
        Instant now = now();
        if (!request.proven()) {
            throw new KeyDirectoryException("the request for " + request.keyId() + " is forged or altered: its proof of"
                    + " possession is not the signature of the key it asks to register");
        }
        if (!principals.contains(request.agency())) {
            throw new KeyDirectoryException("'" + request.agency() + "' is neither an agency of the sharing agreement"
                    + " nor a component of the bus, so it cannot have a signing key (these can: "
                    + String.join(", ", new TreeSet<>(principals)) + ")");
        }
        if (overlap.isNegative() || overlap.compareTo(MAX_OVERLAP) > 0) {
            throw new KeyDirectoryException("the overlap must be between 0 and " + MAX_OVERLAP.toDays() + " days");
        }
        refresh();
        Optional<RegisteredKey> known = directory.find(request.keyId());
        if (known.isPresent()) {
            throw new KeyDirectoryException(
                    known.get().revokedFrom().isPresent()
                            ? request.keyId() + " was revoked from "
                                    + known.get().revokedFrom().get()
                                    + "; a revoked key is never registered again: make a new one"
                            : request.keyId() + " is already registered: "
                                    + known.get().describe());
        }
        Instant from = validFrom.truncatedTo(ChronoUnit.MILLIS);
        RegisteredKey registered = new RegisteredKey(
                request.keyId(), request.agency(), request.publicKey(), from, Optional.empty(), Optional.empty());
        Instant end = now.plus(overlap);
        List<RegisteredKey> ending = new ArrayList<>();
        for (RegisteredKey other : directory.keysOf(request.agency())) {
            boolean current = other.revokedFrom().isEmpty()
                    && other.validUntil().map(until -> until.isAfter(end)).orElse(true);
            if (current) {
                ending.add(other.endingAt(end));
            }
        }
        // The new key first: once a node sees it, it may switch, and its old key is still valid until the end.
        publish(registered, now);
        for (RegisteredKey other : ending) {
            publish(other, now);
        }
        refresh();
        return new Approval(directory.find(registered.keyId()).orElse(registered), ending);
    }

    /**
     * For an operator that runs a component itself (the local bus of {@code ./ddrr up}, tests, the benchmark): the
     * component's newest key, made if it has none, registered through its own request as a partner's would be, unless
     * the directory holds it already.
     *
     * @param validFrom from when the key speaks, if it is registered now
     * @return the approval, if one was needed
     */
    public Optional<Approval> registerOwn(PrivateKeys keys, Instant validFrom) {
        SigningKey key = keys.ensureOne();
        if (find(key.keyId()).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(approve(KeyRequest.of(key, clock.instant()), DEFAULT_OVERLAP, validFrom));
    }

    /**
     * Revokes a key from {@code from}: events it signs dated at or after that instant are refused, those dated before
     * are reported by the auditor as signed by a key that was later revoked.
     *
     * @throws KeyDirectoryException in one line: an unknown key, a key already revoked from that instant or earlier,
     *     or the only key that still speaks for its principal (register its successor first)
     */
    public RegisteredKey revoke(String keyId, Instant from) {
        refresh();
        RegisteredKey key = directory
                .find(keyId)
                .orElseThrow(() -> new KeyDirectoryException(
                        "no key " + OneLine.of(keyId, 80) + " in the key directory (./ddrr keys list shows them)"));
        Instant at = from.truncatedTo(ChronoUnit.MILLIS);
        if (key.revokedFrom().filter(earlier -> !earlier.isAfter(at)).isPresent()) {
            throw new KeyDirectoryException(
                    keyId + " is already revoked from " + key.revokedFrom().get());
        }
        Instant now = now();
        boolean speaksNow = key.revokedFrom().isEmpty()
                && key.validUntil().map(until -> until.isAfter(now)).orElse(true);
        boolean successor = directory.keysOf(key.principal()).stream()
                .anyMatch(other -> !other.keyId().equals(keyId) && other.openEnded());
        if (speaksNow && !successor) {
            throw new KeyDirectoryException(keyId + " is the only key that speaks for " + key.principal()
                    + ": register its successor first (./ddrr keys request " + key.principal()
                    + " on its node, then ./ddrr keys approve), then revoke this one");
        }
        publish(key.revokedFrom(at), now);
        refresh();
        return directory.find(keyId).orElseThrow();
    }

    /** Every key of the directory, by principal and then oldest first, as of now. */
    public List<RegisteredKey> keys() {
        refresh();
        return directory.keys();
    }

    public Optional<RegisteredKey> find(String keyId) {
        refresh();
        return directory.find(keyId);
    }

    private void publish(RegisteredKey key, Instant now) {
        // Readers apply a statement only if it is newer than the last one about the key: never state two in one
        // instant.
        Instant statedAt = directory
                .statedAt(key.keyId())
                .map(last -> last.plusMillis(1))
                .filter(next -> next.isAfter(now))
                .orElse(now);
        ProducerRecord<String, byte[]> record = entries.seal(new KeyStatement(key, statedAt), signer);
        try {
            producer.send(record).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeyDirectoryException(
                    "interrupted before the key directory took the statement about " + key.keyId());
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new KeyDirectoryException(
                    "the bus did not take the statement about " + key.keyId() + " into " + Topics.KEYS + ": "
                            + OneLine.first(String.valueOf(cause.getMessage()), 200),
                    e);
        }
    }

    private void refresh() {
        if (!directory.catchUp(timeout)) {
            throw new KeyDirectoryException("could not read the key directory " + Topics.KEYS + " to its end");
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        directory.close();
    }
}
