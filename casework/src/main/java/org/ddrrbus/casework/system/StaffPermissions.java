package org.ddrrbus.casework.system;

import java.util.Arrays;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/** Checks that the signed-in member of staff has a role that allows an action, with a reason they can read. */
@Component
public class StaffPermissions {

    public void require(StaffRole needed, String action) {
        StaffRole role = currentRole();
        if (role.ordinal() < needed.ordinal()) {
            throw ApiException.forbidden(Reason.of(
                            "role.mayNot",
                            Reason.word("role." + role.name(), role.name().toLowerCase()),
                            action,
                            Reason.word("role." + needed.name(), needed.name().toLowerCase()))
                    .saying("role " + role.name().toLowerCase() + " may not " + action + "; it needs "
                            + needed.name().toLowerCase()));
        }
    }

    public String currentUser() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth == null ? "anonymous" : auth.getName();
    }

    /** Whether the signed-in account is the monitoring account, which is nobody's role among the staff. */
    public static boolean isMonitoring() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        String authority = "ROLE_" + ServiceProperties.Monitoring.ROLE;
        return auth != null
                && auth.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals(authority));
    }

    public static StaffRole currentRole() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null) {
            return StaffRole.VIEWER;
        }
        return Arrays.stream(StaffRole.values())
                .filter(role -> auth.getAuthorities().stream()
                        .anyMatch(a -> a.getAuthority().equals(role.authority())))
                .reduce((a, b) -> a.ordinal() >= b.ordinal() ? a : b)
                .orElse(StaffRole.VIEWER);
    }
}
