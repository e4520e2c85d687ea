package org.ddrrbus.casework.system;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.util.List;
import org.ddrrbus.casework.signin.SignInPolicy;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The people who may use this agency's service and what each may do, and how requests are bounded. {@code ./ddrr up}
 * generates the passwords and shows them once, when it makes them; on a real deployment they come from the
 * environment or a secrets store.
 *
 * @param users the caseworkers, supervisors and viewers of this agency; the service does not start without any
 * @param deliveryWait how long a request waits for the exchange's verdict before answering "pending"
 * @param maxRequestBody the largest request body the service reads; the largest valid request is well under 2 KB
 * @param signIn when repeated wrong passwords lock an account, and for how long
 * @param staffFile the people's own accounts, kept by {@code ./ddrr staff} (see {@link StaffFile}); read again when it
 *     changes
 * @param monitoring the account that scrapes the service's metrics, if any: it may read {@code /actuator/prometheus}
 *     and nothing else (see {@link Monitoring})
 */
@Validated
@ConfigurationProperties("ddrr.service")
public record ServiceProperties(
        @Valid List<User> users,
        @DefaultValue("5s") Duration deliveryWait,
        @DefaultValue("16KB") DataSize maxRequestBody,
        @DefaultValue SignInPolicy signIn,
        java.nio.file.Path staffFile,
        @Valid Monitoring monitoring) {

    public ServiceProperties {
        users = users == null ? List.of() : List.copyOf(users);
        signIn = signIn == null ? SignInPolicy.DEFAULT : signIn;
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

    /**
     * The monitoring principal: a machine (the dashboard, a Prometheus server) that reads the service's metrics. It
     * signs in with HTTP Basic like staff, holds only {@link #ROLE}, and so may read {@code /actuator/prometheus} and
     * nothing else: no API, no page, no other Actuator endpoint.
     *
     * @param name its login name; no member of staff may have it
     * @param password its password; stored hashed in memory only
     */
    public record Monitoring(
            @NotBlank String name, @NotBlank String password) {

        /** Its only role. Not a {@link StaffRole}: it is nobody's role among the staff. */
        public static final String ROLE = "MONITOR";

        @Override
        public String toString() {
            return "Monitoring[" + name + ", ***]";
        }
    }
}
