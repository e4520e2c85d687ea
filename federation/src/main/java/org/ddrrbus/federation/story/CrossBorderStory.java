package org.ddrrbus.federation.story;

import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.ddrrbus.client.envelope.CloudEventHeaders;
import org.ddrrbus.client.envelope.DeliveryTerms;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.FederationHeaders;
import org.ddrrbus.client.envelope.HeaderText;
import org.ddrrbus.client.envelope.Opened;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.BorderReturnRecorded;
import org.ddrrbus.events.ConsentRecorded;
import org.ddrrbus.events.DeliveryRejected;
import org.ddrrbus.events.Priority;
import org.ddrrbus.events.ReferralIssued;
import org.ddrrbus.events.ReferralOutcome;
import org.ddrrbus.events.ServiceKind;

/**
 * A person returns over the border. On the bus of the country they leave ({@code so}), the border returns office
 * (its {@code iom}) records the return, the person's consent for {@code border-management} and a referral to the IOM
 * office across the border. On the other bus ({@code ke}) the NCTC receives the return and registers the person, and
 * IOM receives the referral and its caseworker accepts it and completes it on IOM's partner service (its REST API);
 * the first office hears both answers. Each hop is awaited where it lands, in the receiving agency's inbox, and
 * printed.
 */
public final class CrossBorderStory {

    /** Where the story says the person crossed. */
    public static final String COUNTY = "Mandera";

    public static final String BORDER_POINT = "Mandera Town";
    public static final String PURPOSE = "border-management";

    /** One bus as the story plays it: its agencies publish to their outboxes, its inboxes are read. */
    public interface Side {
        String country();

        /** Publishes as {@code agency}, signed with its key, to its outbox; returns the event id. */
        String publish(String agency, SpecificRecord event);

        /** Every committed record of {@code topic} now. */
        List<ConsumerRecord<String, byte[]>> read(String topic);

        /**
         * Answers a referral as {@code agency}'s caseworker would, through its partner service's REST API: {@code POST
         * /api/referrals/<referralId>/<action>} with the JSON {@code body}, over HTTP, signed in as that caseworker.
         */
        Answered answer(String agency, String referralId, String action, String body);
    }

    /**
     * What a partner service said to an answer posted to its API.
     *
     * @param status the HTTP status
     * @param eventId the id of the event it published, when it did: its receipt's {@code eventId}, or the one its
     *     problem names when its exchange refused the event at home
     * @param body the response as it came, to say why it published nothing
     */
    public record Answered(int status, String eventId, String body) {

        public boolean published() {
            return eventId != null;
        }
    }

    /**
     * What the story did: the person, and each event's id; the answers the receiving bus's exchange refused at home,
     * with its reason (those never cross). {@code completed} is null when the acceptance was refused.
     */
    public record Outcome(
            String subjectRef,
            String referralId,
            String returned,
            String consent,
            String referred,
            String accepted,
            String completed,
            Map<String, String> refusedAtHome) {}

    private static final EventCodec CODEC = new EventCodec();

    private final Side leaving;
    private final Side receiving;
    private final Duration wait;
    private final PrintWriter out;

    /**
     * @param leaving the bus of the country the person leaves, whose border office records the return
     * @param receiving the bus across the border
     * @param wait how long each hop may take
     */
    public CrossBorderStory(Side leaving, Side receiving, Duration wait, PrintWriter out) {
        this.leaving = leaving;
        this.receiving = receiving;
        this.wait = wait;
        this.out = out;
    }

    /** A new case code of the leaving bus, e.g. {@code SO-7Q2M-4XJD}. */
    public static String newSubjectRef(String country) {
        String letters = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder code = new StringBuilder(country.toUpperCase(Locale.ROOT)).append('-');
        for (int i = 0; i < 8; i++) {
            code.append(letters.charAt(random.nextInt(letters.length())));
            if (i == 3) {
                code.append('-');
            }
        }
        return code.toString();
    }

    public Outcome play() {
        return play(newSubjectRef(leaving.country()));
    }

    public Outcome play(String person) {
        String from = leaving.country();
        String to = receiving.country();
        String consentRef = "CR-" + person;
        String referralId = "RF-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
        out.println("Bus " + from + ": the border returns office (iom) records " + person + " returning at "
                + BORDER_POINT + ", the person's consent for " + PURPOSE + ", and a referral to iom of bus " + to);
        String returned =
                leaving.publish("iom", new BorderReturnRecorded(person, COUNTY, BORDER_POINT, "Gedo", LocalDate.now()));
        String consent = leaving.publish(
                "iom", new ConsentRecorded(person, consentRef, List.of(PURPOSE), LocalDate.now(), null));
        String referred = leaving.publish(
                "iom",
                new ReferralIssued(
                        person,
                        referralId,
                        "iom",
                        COUNTY,
                        List.of(ServiceKind.INFORMATION_COUNSELLING),
                        Priority.WITHIN_72_HOURS,
                        PURPOSE,
                        consentRef));
        out.flush();

        hop(receiving, "nctc", returned, "the return");
        hop(receiving, "iom", referred, "the referral " + referralId);

        out.println("Bus " + to + ": iom's caseworker accepts the referral and completes it on iom's service");
        out.flush();
        Map<String, String> refusedAtHome = new LinkedHashMap<>();
        String accepted = onService(referralId, "accept", "{}");
        answer(accepted, "the acceptance").ifPresent(reason -> refusedAtHome.put(accepted, reason));
        String completed = null;
        // Only an accepted referral is completed: after a refused acceptance the service would not take it.
        if (refusedAtHome.isEmpty()) {
            String id = onService(
                    referralId, "complete", "{\"outcome\":\"" + ReferralOutcome.SERVICES_DELIVERED.name() + "\"}");
            answer(id, "the completion").ifPresent(reason -> refusedAtHome.put(id, reason));
            completed = id;
        }
        return new Outcome(person, referralId, returned, consent, referred, accepted, completed, refusedAtHome);
    }

    /**
     * Posts an answer to the referral on the receiving bus's iom service; the service publishes it once its own inbox
     * brought it the referral (or, to complete it, its own acceptance), so it is posted again until then (a 404 or a
     * 400 without an event id). Whether its exchange accepted it is seen after, as for any answer.
     *
     * @return the id of the event the service published
     */
    private String onService(String referralId, String action, String body) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Answered answered = receiving.answer("iom", referralId, action, body);
            if (answered.published()) {
                out.printf(
                        "  bus %s, iom's service published the %s (HTTP %d)%n",
                        receiving.country(), action, answered.status());
                out.flush();
                return answered.eventId();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("iom's service on bus " + receiving.country() + " did not publish the "
                        + action + " of " + referralId + " within " + wait.toSeconds() + " s: HTTP "
                        + answered.status() + " " + answered.body());
            }
            pause();
        }
    }

    /**
     * Waits for an answer of the receiving bus's iom: in the leaving bus's iom inbox if it crossed, or as its own
     * exchange's refusal in the receiving bus's iom inbox, since only what the home exchange accepted leaves a bus.
     *
     * @return the home exchange's reason when it refused the answer
     */
    private Optional<String> answer(String eventId, String what) {
        String inbox = Topics.inbox("iom");
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Optional<ConsumerRecord<String, byte[]>> across = leaving.read(inbox).stream()
                    .filter(r -> eventId.equals(idOf(r)))
                    .findFirst();
            if (across.isPresent()) {
                hop(leaving, "iom", eventId, what);
                return Optional.empty();
            }
            Optional<DeliveryRejected> refused = receiving.read(inbox).stream()
                    .map(r -> CODEC.open(r) instanceof Opened.Valid v
                            ? v.envelope().event()
                            : null)
                    .filter(e -> e instanceof DeliveryRejected notice
                            && eventId.equals(String.valueOf(notice.getRejectedEventId())))
                    .map(DeliveryRejected.class::cast)
                    .findFirst();
            if (refused.isPresent()) {
                String reason = refused.get().getReason().name();
                out.printf(
                        "  bus %s, exchange refused %s at home (%s): it does not leave bus %s%n",
                        receiving.country(), what, reason, receiving.country());
                out.flush();
                return Optional.of(reason);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " (event " + eventId + ") neither reached " + inbox
                        + " on bus " + leaving.country() + " nor was refused on bus " + receiving.country()
                        + " within " + wait.toSeconds() + " s: are ./ddrr federate and both buses running?");
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    /** Waits until {@code eventId} is in the agency's inbox on {@code side}, and says how it got there. */
    private ConsumerRecord<String, byte[]> hop(Side side, String agency, String eventId, String what) {
        String inbox = Topics.inbox(agency);
        ConsumerRecord<String, byte[]> record = await(side, inbox, r -> eventId.equals(idOf(r)))
                .orElseThrow(() -> new IllegalStateException(what + " (event " + eventId + ") did not reach " + inbox
                        + " on bus " + side.country() + " within " + wait.toSeconds()
                        + " s: is ./ddrr federate running?"));
        out.printf(
                "  bus %s, %-4s received %s from %s, purpose %s, withheld %s%n",
                side.country(),
                agency,
                what,
                FederationHeaders.foreignSender(record.headers()).orElse("?"),
                HeaderText.of(record.headers(), DeliveryTerms.PURPOSE).orElse("-"),
                HeaderText.of(record.headers(), DeliveryTerms.WITHHELD).orElse("nothing"));
        out.flush();
        return record;
    }

    private Optional<ConsumerRecord<String, byte[]>> await(
            Side side, String topic, Predicate<ConsumerRecord<String, byte[]>> matching) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
            side.read(topic).stream().filter(matching).forEach(found::add);
            if (!found.isEmpty()) {
                return Optional.of(found.get(0));
            }
            if (System.nanoTime() > deadline) {
                return Optional.empty();
            }
            pause();
        }
    }

    public static String idOf(ConsumerRecord<String, byte[]> record) {
        return HeaderText.of(record.headers(), CloudEventHeaders.ID).orElse("");
    }
}
