package org.ddrrbus.client.agreement;

import java.util.Arrays;
import java.util.Optional;

/** What an agency does in the programme; it decides which topics the agency has and what the broker lets it do. */
public enum Role {
    /** Owns cases: registers returnees, assesses risk, moves phases, issues referrals. Has an outbox and an inbox. */
    CASE_OWNER("case-owner", true),
    /** Provides services on referral and reports back. Has an outbox and an inbox. */
    SERVICE_PROVIDER("service-provider", true),
    /** Sees aggregate figures only, from the statistics topic; never an event about a person. */
    DONOR("donor", false),
    /** Reads the ledger, the inboxes and the quarantine, read-only, and records each of its reads. */
    AUDITOR("auditor", false);

    private final String id;
    private final boolean exchangesEvents;

    Role(String id, boolean exchangesEvents) {
        this.id = id;
        this.exchangesEvents = exchangesEvents;
    }

    public String id() {
        return id;
    }

    /** Whether agencies with this role publish events and receive them, i.e. have an outbox and an inbox. */
    public boolean exchangesEvents() {
        return exchangesEvents;
    }

    public static Optional<Role> byId(String id) {
        return Arrays.stream(values()).filter(r -> r.id.equals(id)).findFirst();
    }
}
