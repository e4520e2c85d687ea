package org.ddrrbus.casework.system;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The people who may use this agency's service and what each may do. {@code ./ddrr up} generates their passwords and
 * prints them; on a real deployment they come from the environment or a secrets store.
 *
 * @param users the caseworkers, supervisors and viewers of this agency
 * @param deliveryWait how long a request waits for the exchange's verdict before answering "pending"
 */
@Validated
@ConfigurationProperties("ddrr.service")
public record ServiceProperties(
        @Valid List<User> users, @DefaultValue("5s") Duration deliveryWait) {

    public ServiceProperties {
        users = users == null ? List.of() : List.copyOf(users);
    }

    /**
     * @param name login name
     * @param password login password; stored hashed in memory only
     * @param role what the user may do
     */
    public record User(@NotBlank String name, @NotBlank String password, StaffRole role) {

        public User {
            role = role == null ? StaffRole.VIEWER : role;
        }
    }
}
