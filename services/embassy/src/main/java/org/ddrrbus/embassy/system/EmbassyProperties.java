package org.ddrrbus.embassy.system;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The embassy's staff who may read the figures.
 *
 * @param users name and password of each; all of them only read
 */
@Validated
@ConfigurationProperties("ddrr.embassy")
public record EmbassyProperties(@Valid List<User> users) {

    public EmbassyProperties {
        users = users == null ? List.of() : List.copyOf(users);
    }

    public record User(@NotBlank String name, @NotBlank String password) {}
}
