package org.ddrrbus.casework.erasure;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.ddrrbus.casework.inbox.Crossing;
import org.ddrrbus.casework.inbox.InboxProjection;
import org.ddrrbus.casework.publish.EventPublisher;
import org.ddrrbus.casework.system.Agency;
import org.ddrrbus.client.agreement.EventPolicy;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.envelope.Envelope;
import org.ddrrbus.client.envelope.FederationHeaders;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.events.ErasureConfirmation;
import org.ddrrbus.events.ErasureConfirmed;
import org.ddrrbus.events.ErasureReason;
import org.ddrrbus.events.ErasureReceipt;
import org.ddrrbus.events.SubjectErased;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Confirms each erasure this agency hears of, once its read models have dropped the person, and, at the case owner,
 * collects every component's confirmation into a signed receipt: its own bus's components, and every linked bus the
 * erasure left for ({@code bus <cc>}, as its exchange told it), whose confirmation the receipt waits for too.
 *
 * <p>Everything is driven by the inbox, so a crash at any point only delays the rest: a restart replays the inbox,
 * sees which erasures this agency has confirmed (its own {@code ErasureConfirmed} comes back in its inbox) and which
 * receipts it has written, and sends what is missing. It sends only once the inbox has been quiet for a moment, so
 * that a replay reaches the agency's own confirmations before it decides one is missing.
 */
@Component
public class Erasures implements InboxProjection, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Erasures.class);

    /** How long the inbox must have brought nothing before a missing confirmation or receipt is sent. */
    static final Duration QUIET = Duration.ofMillis(750);

    private static final String SUBJECT_ERASED = SubjectErased.class.getSimpleName();

    private final Agency agency;
    private final EventPublisher publisher;
    private final boolean caseOwner;
    private final Set<String> expected;

    /** Erasures this agency has still to confirm: erasure id to subjectRef. */
    private final Map<String, String> unconfirmed = new ConcurrentHashMap<>();
    /** Confirmations and receipts sent since this start, so that none is sent twice before its copy comes back. */
    private final Set<String> sent = ConcurrentHashMap.newKeySet();
    /** At the case owner: every erasure it asked for, by erasure id. */
    private final Map<String, OpenErasure> erasures = new ConcurrentHashMap<>();

    private volatile long lastApplied = System.currentTimeMillis();
    private volatile ScheduledExecutorService timer;

    /** @param publisher where this agency's confirmations and receipts go; none for bookkeeping alone (a test's). */
    public Erasures(Agency agency, EventPublisher publisher, SharingAgreement agreement) {
        this.agency = agency;
        this.publisher = publisher;
        Optional<EventPolicy> policy = agreement.policy(SUBJECT_ERASED);
        this.caseOwner = policy.map(p -> p.maySend(agency.id())).orElse(false);
        this.expected = expectedComponents(agency.id(), policy, confirmingComponents(agreement));
    }

    /**
     * Who confirms an erasure this agency asks for: the exchange, this agency, every agency the agreement sends
     * {@code SubjectErased} to, and every bus component the agreement lets send {@code ErasureConfirmed} (the
     * dashboard).
     */
    static Set<String> expectedComponents(
            String caseOwner, Optional<EventPolicy> policy, Set<String> confirmingComponents) {
        Set<String> expected = new TreeSet<>();
        expected.add(Components.EXCHANGE);
        expected.add(caseOwner);
        policy.ifPresent(p -> expected.addAll(p.recipients().keySet()));
        expected.addAll(confirmingComponents);
        return Set.copyOf(expected);
    }

    /** The bus components the agreement names among the senders of {@code ErasureConfirmed}. */
    static Set<String> confirmingComponents(SharingAgreement agreement) {
        Set<String> components = new TreeSet<>(agreement.sendingComponents());
        components.removeIf(c -> !agreement
                .policy(ErasureConfirmed.class.getSimpleName())
                .map(p -> p.maySend(c))
                .orElse(false));
        return components;
    }

    /**
     * Two notices in the exchange's name concern an erasure that crossed to a linked bus: its copy of the case owner's
     * erasure, marked with the bus it left for, which adds {@code bus <cc>} to the components awaited; and that bus's
     * confirmation, which its exchange's inlet checked against the federation's trust anchors and relays here.
     */
    @Override
    public void apply(Envelope envelope, String purpose, List<String> withheld, Crossing crossing) {
        if (!envelope.sender().equals(Components.EXCHANGE)) {
            apply(envelope, purpose);
        } else if (envelope.event() instanceof SubjectErased erased
                && crossing.toBus().isPresent()) {
            lastApplied = System.currentTimeMillis();
            if (caseOwner) {
                OpenErasure open = erasures.computeIfAbsent(
                        envelope.id(),
                        id -> new OpenErasure(
                                erased.getSubjectRef(), id, erased.getReason().name(), envelope.time()));
                synchronized (open) {
                    open.linked.add(FederationHeaders.busParty(crossing.toBus().get()));
                }
            }
        } else if (envelope.event() instanceof ErasureConfirmed confirmed
                && crossing.fromBus().isPresent()) {
            lastApplied = System.currentTimeMillis();
            // Only the bus it came from speaking for itself counts.
            if (confirmed
                    .getComponent()
                    .equals(FederationHeaders.busParty(crossing.fromBus().get()))) {
                confirm(confirmed, envelope.id());
            }
        } else {
            apply(envelope, purpose);
        }
    }

    @Override
    public void apply(Envelope envelope, String purpose) {
        lastApplied = System.currentTimeMillis();
        if (envelope.event() instanceof SubjectErased erased) {
            unconfirmed.put(envelope.id(), erased.getSubjectRef());
            if (caseOwner && envelope.sender().equals(agency.id())) {
                erasures.putIfAbsent(
                        envelope.id(),
                        new OpenErasure(
                                erased.getSubjectRef(),
                                envelope.id(),
                                erased.getReason().name(),
                                envelope.time()));
            }
        } else if (envelope.event() instanceof ErasureConfirmed confirmed) {
            // Only a component speaking for itself counts; the exchange refuses any other on the ledger already.
            if (!confirmed.getComponent().equals(envelope.sender())) {
                return;
            }
            if (envelope.sender().equals(agency.id())) {
                unconfirmed.remove(confirmed.getErasureId());
            }
            confirm(confirmed, envelope.id());
        } else if (envelope.event() instanceof ErasureReceipt receipt
                && envelope.sender().equals(agency.id())) {
            OpenErasure open = erasures.get(receipt.getErasureId());
            if (open != null) {
                synchronized (open) {
                    open.receiptId = open.receiptId == null ? envelope.id() : open.receiptId;
                }
            }
        }
    }

    private void confirm(ErasureConfirmed confirmed, String confirmationId) {
        OpenErasure open = erasures.get(confirmed.getErasureId());
        if (open != null) {
            synchronized (open) {
                open.confirmations.putIfAbsent(
                        confirmed.getComponent(),
                        new Erasure.Confirmation(confirmed.getComponent(), confirmed.getConfirmedAt(), confirmationId));
            }
        }
    }

    /** The erasure of a person this agency asked for, the latest if it asked more than once. */
    public Optional<Erasure> of(String subjectRef) {
        return erasures.values().stream()
                .filter(o -> o.subjectRef.equals(subjectRef))
                .max(Comparator.comparing(o -> o.requestedAt))
                .map(this::view);
    }

    private Erasure view(OpenErasure open) {
        synchronized (open) {
            Set<String> awaiting = new TreeSet<>(expected);
            awaiting.addAll(open.linked);
            awaiting.removeAll(open.confirmations.keySet());
            return new Erasure(
                    open.subjectRef,
                    open.erasureId,
                    open.reason,
                    open.requestedAt,
                    List.copyOf(open.confirmations.values()),
                    awaiting,
                    open.receiptId);
        }
    }

    /** Sends what is missing once the inbox is quiet: this agency's confirmations, and receipts now complete. */
    void sendMissing() {
        if (System.currentTimeMillis() - lastApplied < QUIET.toMillis()) {
            return;
        }
        unconfirmed.forEach((erasureId, subjectRef) -> {
            if (!sent.contains(erasureId)) {
                send(
                        erasureId,
                        new ErasureConfirmed(subjectRef, erasureId, agency.id(), Instant.now()),
                        "confirm the erasure of " + subjectRef);
            }
        });
        for (OpenErasure open : erasures.values()) {
            Erasure erasure = view(open);
            String key = "receipt:" + erasure.erasureId();
            if (erasure.receiptId() == null && erasure.awaiting().isEmpty() && !sent.contains(key)) {
                send(key, receipt(erasure), "write the erasure receipt of " + erasure.subjectRef());
            }
        }
    }

    static ErasureReceipt receipt(Erasure erasure) {
        return new ErasureReceipt(
                erasure.subjectRef(),
                erasure.erasureId(),
                ErasureReason.valueOf(erasure.reason()),
                erasure.requestedAt(),
                erasure.confirmations().stream()
                        .map(c -> new ErasureConfirmation(c.component(), c.confirmedAt(), c.confirmationId()))
                        .toList());
    }

    private void send(String key, SpecificRecord event, String what) {
        try {
            publisher.publish(event);
            sent.add(key);
        } catch (RuntimeException e) {
            // Tried again at the next tick: the erasure stays open until the event is on the ledger.
            log.warn("Could not {} yet: {}", what, e.getMessage());
        }
    }

    @Override
    public void start() {
        ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "erasures-" + agency.id());
            thread.setDaemon(true);
            return thread;
        });
        started.scheduleWithFixedDelay(this::sendMissingSafely, 250, 250, TimeUnit.MILLISECONDS);
        timer = started;
    }

    private void sendMissingSafely() {
        try {
            sendMissing();
        } catch (RuntimeException e) {
            log.error("Erasure bookkeeping failed; tried again shortly", e);
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = timer;
        if (running != null) {
            running.shutdownNow();
        }
        timer = null;
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }
}
