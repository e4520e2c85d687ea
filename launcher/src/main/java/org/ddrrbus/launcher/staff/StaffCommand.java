package org.ddrrbus.launcher.staff;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.ddrrbus.casework.signin.GuardedSignIn;
import org.ddrrbus.casework.system.StaffFile;
import org.ddrrbus.casework.system.StaffRole;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.launcher.node.NodeHome;
import org.ddrrbus.launcher.system.CommandGroup;
import org.ddrrbus.launcher.system.MonitoringAccount;
import org.ddrrbus.launcher.system.StaffAccounts;
import org.ddrrbus.launcher.system.Workspace;
import org.ddrrbus.provisioning.Credentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ddrr staff}: one account per person at a partner's service, kept in its node home as a BCrypt hash only. The
 * password of a new account is shown once, here; a running service sees an added or disabled account at its next
 * request.
 */
@Command(
        name = "staff",
        mixinStandardHelpOptions = true,
        description = {
            "The staff of a partner's service, one account per person: add shows the new password once and keeps only",
            "its hash; disable stops the person signing in (and ends their session), enable lets them in again."
        },
        subcommands = {
            StaffCommand.Add.class,
            StaffCommand.Disable.class,
            StaffCommand.Enable.class,
            StaffCommand.ListPeople.class
        })
public final class StaffCommand extends CommandGroup {

    /** Which service's staff, and where its home keeps them. */
    static final class Where {

        @Parameters(index = "0", paramLabel = "AGENCY", description = "nctc, iom, cicc or county")
        String agency;

        @Option(
                names = "--home",
                paramLabel = "DIR",
                description = "The agency's node home (default: the one ./ddrr up keeps, data/nodes/AGENCY).")
        Path home;

        @Option(
                names = "--data",
                paramLabel = "DIR",
                defaultValue = "data",
                description = "The data folder of ./ddrr up (default: ${DEFAULT-VALUE}).")
        Path data;

        Path file() {
            if (!StaffAccounts.AGENCIES.contains(agency)) {
                throw new IllegalArgumentException(
                        "staff are kept for " + String.join(", ", StaffAccounts.AGENCIES) + ", not " + agency);
            }
            Topics.requireAgency(agency);
            Path dir = home != null ? home : new Workspace(data).home(agency);
            return new NodeHome(dir).peopleFile();
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a person; shows the password once.")
    static final class Add implements Callable<Integer> {

        @Mixin
        Where where;

        @Parameters(index = "1", paramLabel = "NAME", description = "The person's sign-in name, e.g. cicc-staff-01.")
        String name;

        @Option(
                names = "--role",
                required = true,
                paramLabel = "ROLE",
                description = "viewer, caseworker or supervisor")
        String role;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (MonitoringAccount.NAME.equals(name)) {
                // The service signs this name in as its metrics-only account first, so the person never could.
                throw new IllegalArgumentException(
                        name + " is the name of every service's monitoring account, which may"
                                + " only read the metrics (docs/operations.md): give the person another name");
            }
            Path file = where.file();
            StaffRole staffRole = role(role);
            Map<String, StaffFile.Person> people = new TreeMap<>(StaffFile.read(file));
            if (people.containsKey(name)) {
                throw new IllegalArgumentException(name + " has an account already (" + file + ")");
            }
            String password = Credentials.generate(16);
            people.put(
                    name,
                    new StaffFile.Person(
                            name, staffRole, GuardedSignIn.passwordEncoder().encode(password), false));
            StaffFile.write(file, people);
            PrintWriter out = spec.commandLine().getOut();
            out.println(name + " / " + password + " (" + staffRole.name().toLowerCase() + " at " + where.agency + ")");
            out.println("  shown this once: give it to " + name + " in person; " + file + " keeps only its hash");
            return 0;
        }
    }

    /** Disabling and enabling differ only in the standing they set and what they say. */
    abstract static class Standing implements Callable<Integer> {

        @Mixin
        Where where;

        @Parameters(index = "1", paramLabel = "NAME")
        String name;

        @Spec
        CommandSpec spec;

        private final boolean disabled;
        private final String told;

        Standing(boolean disabled, String told) {
            this.disabled = disabled;
            this.told = told;
        }

        @Override
        public Integer call() {
            Path file = where.file();
            StaffFile.write(file, StaffFile.disabled(StaffFile.read(file), name, disabled));
            spec.commandLine().getOut().println(name + told);
            return 0;
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true, description = "Stop a person signing in.")
    static final class Disable extends Standing {
        Disable() {
            super(true, " is disabled: no sign-in, and any session ends");
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Let a disabled person sign in again.")
    static final class Enable extends Standing {
        Enable() {
            super(false, " may sign in again");
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The people and their roles.")
    static final class ListPeople implements Callable<Integer> {

        @Mixin
        Where where;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            StaffFile.read(where.file())
                    .values()
                    .forEach(p -> out.println(
                            p.name() + "  " + p.role().name().toLowerCase() + (p.disabled() ? "  disabled" : "")));
            return 0;
        }
    }

    private static StaffRole role(String role) {
        try {
            return StaffRole.valueOf(role.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--role must be viewer, caseworker or supervisor, not " + role);
        }
    }
}
