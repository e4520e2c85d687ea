package org.ddrrbus.launcher.federation;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ddrrbus.federation.agreement.FederationAgreement;
import org.ddrrbus.federation.run.BusEnd;
import org.ddrrbus.federation.run.FederationRun;

/**
 * What one {@code ./ddrr federate} runs of the link between two buses: all of it (both buses' sides and MirrorMaker
 * 2), one bus's own side ({@code --side <cc>}: its exchange's outlet and inlet, with the federation's topics and ACLs
 * there), or MirrorMaker 2 alone ({@code --side mirror}).
 *
 * @param sides the buses whose exchange's sides run here
 * @param mirror whether MirrorMaker 2 runs here
 */
record LinkPart(List<String> sides, boolean mirror) {

    static final String MIRROR = "mirror";

    LinkPart {
        sides = List.copyOf(sides);
    }

    /**
     * The part {@code --side} names, of the two linked buses {@code countries}: none (all of it), a bus's country code
     * or {@code mirror}.
     */
    static LinkPart of(String side, List<String> countries) {
        if (side == null) {
            return new LinkPart(countries, true);
        }
        if (side.equals(MIRROR)) {
            return new LinkPart(List.of(), true);
        }
        if (countries.contains(side)) {
            return new LinkPart(List.of(side), false);
        }
        throw new IllegalArgumentException("--side: '" + side + "' is neither one of the linked buses ("
                + String.join(", ", countries) + ") nor " + MIRROR);
    }

    /**
     * The buses whose data folders this part reads: a side's own bus alone; MirrorMaker 2 sets up its principal on
     * both.
     */
    Set<String> buses(List<String> countries) {
        return mirror ? new LinkedHashSet<>(countries) : new LinkedHashSet<>(sides);
    }

    /**
     * The buses whose keys the federation agreement must list for this part: the other bus's for a side (its inlet
     * verifies what comes from there), none for MirrorMaker 2 alone (it copies, verifies nothing).
     */
    Set<String> trusted(List<String> countries) {
        Set<String> needed = new LinkedHashSet<>();
        for (String side : sides) {
            countries.stream().filter(c -> !c.equals(side)).forEach(needed::add);
        }
        return needed;
    }

    /** What this part runs, in a few words. */
    String describe() {
        if (sides.size() > 1 && mirror) {
            return "both buses' sides and MirrorMaker 2";
        }
        return mirror ? "MirrorMaker 2 alone" : "the outgoing and incoming sides of bus " + sides.get(0) + " alone";
    }

    /**
     * Starts this part: all of it, one bus's sides, or MirrorMaker 2 alone, each bus's side with its key holder's
     * certificate where the agreement lists that key holder over https.
     */
    FederationRun start(
            FederationAgreement agreement,
            List<String> countries,
            Map<String, LocalBus> buses,
            int restPort,
            Duration keyHolderPatience) {
        if (mirror && sides.size() == countries.size()) {
            return FederationRun.start(
                    agreement,
                    end(agreement, buses, countries.get(0)),
                    end(agreement, buses, countries.get(1)),
                    restPort,
                    keyHolderPatience);
        }
        if (mirror) {
            return FederationRun.mirror(
                    agreement,
                    end(agreement, buses, countries.get(0)),
                    end(agreement, buses, countries.get(1)),
                    restPort);
        }
        return FederationRun.side(agreement, end(agreement, buses, sides.get(0)), keyHolderPatience);
    }

    private static BusEnd end(FederationAgreement agreement, Map<String, LocalBus> buses, String country) {
        return buses.get(country).end(agreement.bus(country).keyHolder());
    }
}
