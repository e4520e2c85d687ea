package org.ddrrbus.exchange.routing;

import java.util.Set;

/**
 * One recipient an accepted event goes to, the purpose and legal basis it is shared under, and the fields withheld
 * from that recipient.
 */
record Delivery(String recipient, String purpose, String legalBasis, Set<String> withheld) {

    Delivery {
        withheld = Set.copyOf(withheld);
    }
}
