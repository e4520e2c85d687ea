package org.ddrrbus.client.agreement;

import java.util.Set;

/** A party to the agreement: its id (also its Kafka principal), display name and roles. */
public record Agency(String id, String name, Set<Role> roles) {

    public Agency {
        roles = Set.copyOf(roles);
    }

    public boolean exchangesEvents() {
        return roles.stream().anyMatch(Role::exchangesEvents);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }
}
