package org.ddrrbus.casework.referral;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.ddrrbus.casework.inbox.Crossing;
import org.ddrrbus.casework.inbox.InboxProjection;
import org.ddrrbus.casework.system.Agency;
import org.ddrrbus.casework.system.ApiException;
import org.ddrrbus.casework.system.Reason;
import org.ddrrbus.client.envelope.Envelope;
import org.ddrrbus.client.referral.ReferralDeadline;
import org.ddrrbus.events.ReferralAccepted;
import org.ddrrbus.events.ReferralCompleted;
import org.ddrrbus.events.ReferralDeclined;
import org.ddrrbus.events.ReferralIssued;
import org.ddrrbus.events.ReferralWithdrawn;
import org.ddrrbus.events.SubjectErased;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.stereotype.Component;

/**
 * The referrals this agency issued or received, rebuilt from its inbox. Referral ids are chosen by the referring
 * agency, so a referral is known by the referring agency and its id together.
 */
@Component
public class ReferralBook implements InboxProjection {

    private final Agency agency;
    private final Map<String, Referral> referrals = new ConcurrentHashMap<>();

    ReferralBook(Agency agency) {
        this.agency = agency;
    }

    @Override
    public void apply(Envelope envelope, String purpose) {
        apply(envelope, purpose, List.of(), Crossing.NONE);
    }

    /**
     * A referral that crossed from another bus is kept under its real referrer, that bus's agency (the headers of its
     * delivery name it, not this bus's exchange, which delivered it), so that answering it names that agency as the
     * referring agency, as this bus's exchange knows it; this agency's own answers to it, which go back to that bus,
     * move it, and so do answers that came back from the other bus to a referral issued here.
     */
    @Override
    public void apply(Envelope envelope, String purpose, List<String> withheld, Crossing crossing) {
        // The agency that sent the event: on this bus, or on the other one when it crossed.
        String sender = crossing.fromAgency().orElse(envelope.sender());
        if (envelope.event() instanceof SubjectErased erased) {
            referrals.values().removeIf(r -> r.subjectRef().equals(erased.getSubjectRef()));
        } else if (envelope.event() instanceof ReferralIssued issued) {
            referrals.put(
                    key(crossing.fromBus(), sender, issued.getReferralId()),
                    new Referral(
                            issued.getReferralId(),
                            issued.getSubjectRef(),
                            sender,
                            crossing.fromBus().orElse(null),
                            issued.getToAgency(),
                            issued.getCounty(),
                            issued.getServices(),
                            issued.getPriority(),
                            issued.getPurpose(),
                            issued.getConsentRef(),
                            ReferralStatus.ISSUED,
                            envelope.time(),
                            ReferralDeadline.dueBy(envelope.time(), issued.getPriority()),
                            envelope.time(),
                            null,
                            null));
        } else if (envelope.event() instanceof ReferralAccepted accepted) {
            // This agency's own answer to another bus's referral names the bus it goes back to.
            move(
                    key(crossing.toBus(), accepted.getReferringAgency(), accepted.getReferralId()),
                    sender,
                    ReferralStatus.ACCEPTED,
                    envelope,
                    null,
                    null);
        } else if (envelope.event() instanceof ReferralDeclined declined) {
            move(
                    key(crossing.toBus(), declined.getReferringAgency(), declined.getReferralId()),
                    sender,
                    ReferralStatus.DECLINED,
                    envelope,
                    declined.getReasonCode().name(),
                    null);
        } else if (envelope.event() instanceof ReferralCompleted completed) {
            move(
                    key(crossing.toBus(), completed.getReferringAgency(), completed.getReferralId()),
                    sender,
                    ReferralStatus.COMPLETED,
                    envelope,
                    null,
                    completed.getOutcome().name());
        } else if (envelope.event() instanceof ReferralWithdrawn withdrawn) {
            move(
                    key(crossing.fromBus(), sender, withdrawn.getReferralId()),
                    sender,
                    ReferralStatus.WITHDRAWN,
                    envelope,
                    withdrawn.getReasonCode().name(),
                    null);
        }
    }

    /**
     * Moves a referral on an answer from its recipient, or a withdrawal from its referrer. The exchange refuses any
     * other answer before it reaches an inbox; the book checks again, so that its state never rests on that alone.
     *
     * @param sender the agency that sent the answer or withdrawal, on this bus or on the other one
     */
    private void move(
            String key, String sender, ReferralStatus status, Envelope envelope, String reason, String outcome) {
        referrals.computeIfPresent(key, (k, r) -> {
            String answerer = status == ReferralStatus.WITHDRAWN ? r.from() : r.to();
            return sender.equals(answerer) ? r.moveTo(status, envelope.time(), reason, outcome) : r;
        });
    }

    /** A referral addressed to this agency. */
    public Optional<Referral> incoming(String referralId) {
        return referrals.values().stream()
                .filter(r -> r.referralId().equals(referralId) && r.to().equals(agency.id()))
                .findFirst();
    }

    /**
     * The referral addressed to this agency that a caseworker records something on, which must be in a state that
     * allows it: a 404 when there is none, a 400 naming {@code field} (or no field) when its state does not allow it.
     *
     * @param allows whether its state allows what is recorded
     * @param refusal the reason given when its state does not allow it, in the bundles' words
     */
    public Referral requireIncoming(
            String referralId, Predicate<ReferralStatus> allows, String field, Function<Referral, Reason> refusal) {
        Referral referral = incoming(referralId)
                .orElseThrow(() -> ApiException.notFound(Reason.of("referral.notAddressed", referralId, agency.id())));
        if (!allows.test(referral.status())) {
            throw ApiException.badRequest(field, refusal.apply(referral));
        }
        return referral;
    }

    /** A referral's status as the pages name it, in the chosen language. */
    public static MessageSourceResolvable statusWord(ReferralStatus status) {
        return Reason.word("status." + status.name(), english(status));
    }

    /** A referral's status as the API names it. */
    public static String english(ReferralStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Why something cannot be recorded on {@code found} in its state: the bundles' {@code key} with the referral and
     * its status, and for the API "referral REF-… is declined; " followed by {@code onlyWhen}.
     */
    public static Reason inWrongState(String key, Referral found, String onlyWhen) {
        return Reason.of(key, found.referralId(), statusWord(found.status()))
                .saying("referral " + found.referralId() + " is " + english(found.status()) + "; " + onlyWhen);
    }

    /** A referral this agency issued. */
    public Optional<Referral> outgoing(String referralId) {
        return Optional.ofNullable(referrals.get(key(Optional.empty(), agency.id(), referralId)));
    }

    public Optional<Referral> find(String referralId) {
        return incoming(referralId).or(() -> outgoing(referralId));
    }

    public List<Referral> all() {
        return referrals.values().stream()
                .sorted(Comparator.comparing(Referral::issuedAt).thenComparing(Referral::referralId))
                .toList();
    }

    public List<Referral> about(String subjectRef) {
        return all().stream().filter(r -> r.subjectRef().equals(subjectRef)).toList();
    }

    /** A referral's key: its referrer (with its bus, when it is on another one) and its id. */
    private static String key(Optional<String> bus, String referrer, String referralId) {
        return bus.map(b -> b + ":").orElse("") + referrer + "/" + referralId;
    }
}
