package org.ddrrbus.client.envelope;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.header.Headers;

/**
 * Headers on an event that crossed from another national bus. The receiving exchange verified it against the
 * federation's trust anchors and delivers it as its own event, signed with its own key, so that every reader on this
 * bus judges it against this bus's key directory alone; these headers say where it came from.
 */
public final class FederationHeaders {

    /** The country code of the bus the event came from, e.g. {@code so}. */
    public static final String FROM_BUS = "ddrr_fed_from";

    /** The agency of that bus that sent the event. */
    public static final String SENDER = "ddrr_fed_sender";

    /**
     * On a sender's own copy (its receipt, in its inbox): the bus whose referral the event answers or reports on, set
     * by the exchange when the referral arrived from there. Answers cross back only with it, so an answer to a
     * referral issued at home never leaves its bus.
     */
    public static final String TO_BUS = "ddrr_fed_to";

    /** Every federation topic's name starts so. */
    public static final String TOPIC_PREFIX = "ddrr.federation.";

    private static final Pattern FLOW = Pattern.compile(Pattern.quote(TOPIC_PREFIX) + "([a-z]{2})-to-([a-z]{2})");
    private static final Pattern HANDLED =
            Pattern.compile(Pattern.quote(TOPIC_PREFIX) + "([a-z]{2})-to-([a-z]{2})\\.seen");

    /** One way between two buses: {@code ddrr.federation.<from>-to-<to>}. */
    public record Flow(String from, String to) {}

    private FederationHeaders() {}

    /**
     * How a bus is named where it stands for a party: the component a bus confirms an erasure as to the other bus
     * ({@code ErasureConfirmed}), and the party the auditor's trace names for what crossed to it: {@code bus <country>}.
     */
    public static String busParty(String country) {
        return "bus " + country;
    }

    /** The flow a federation topic carries, when {@code topic} is one ({@code ddrr.federation.so-to-ke}). */
    public static Optional<Flow> flowOf(String topic) {
        Matcher m = FLOW.matcher(topic);
        return m.matches() ? Optional.of(new Flow(m.group(1), m.group(2))) : Optional.empty();
    }

    /**
     * The flow whose receiving exchange keeps its handled ids in {@code topic} ({@code ddrr.federation.so-to-ke.seen}
     * exists only on bus {@code ke}), which tells a reader which bus it is on.
     */
    public static Optional<Flow> handledBy(String topic) {
        Matcher m = HANDLED.matcher(topic);
        return m.matches() ? Optional.of(new Flow(m.group(1), m.group(2))) : Optional.empty();
    }

    /** The bus an event came from, when it crossed from another one. */
    public static Optional<String> fromBus(Headers headers) {
        return HeaderText.of(headers, FROM_BUS);
    }

    /** The agency of the other bus that sent an event, when it crossed from another one. */
    public static Optional<String> sender(Headers headers) {
        return HeaderText.of(headers, SENDER);
    }

    /** The bus whose referral a sender's own copy answers, when the exchange found it arrived from there. */
    public static Optional<String> toBus(Headers headers) {
        return HeaderText.of(headers, TO_BUS);
    }

    /** {@code <bus>/<agency>}, e.g. {@code so/iom}, when the event crossed from another bus. */
    public static Optional<String> foreignSender(Headers headers) {
        return fromBus(headers).map(bus -> bus + "/" + sender(headers).orElse("?"));
    }
}
