package org.ddrrbus.launcher.partner;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.ddrrbus.launcher.keys.OperatorOptions;
import org.ddrrbus.launcher.system.CommandGroup;
import org.ddrrbus.launcher.system.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ddrr partner}: the operator enrols a partner's node, and gives it a new Kafka password when needed. */
@Command(
        name = "partner",
        mixinStandardHelpOptions = true,
        description = {
            "On the operator's side, against the running bus: enrol a partner agency (its Kafka user gets a new",
            "password, written with the bus's address, CA and key directory anchor into one file for its node) or",
            "give it a new password (rotate-password). The operator keeps no copy of the password."
        },
        subcommands = {PartnerCommand.Enrol.class, PartnerCommand.RotatePassword.class})
public final class PartnerCommand extends CommandGroup {

    @Command(
            name = "enrol",
            mixinStandardHelpOptions = true,
            description = {
                "Enrol an agency of the sharing agreement: sets its Kafka password on the broker and writes its",
                "enrolment file (readable by you only). Give the file to the agency's node (./ddrr node init), then",
                "delete it here."
            })
    static final class Enrol extends Issue {

        @Override
        boolean rotates() {
            return false;
        }
    }

    @Command(
            name = "rotate-password",
            mixinStandardHelpOptions = true,
            description = {
                "Give an enrolled agency a new Kafka password and write a new enrolment file for its node",
                "(./ddrr node password). The other agencies keep running; this one logs in with the new password",
                "once its node took it."
            })
    static final class RotatePassword extends Issue {

        @Override
        boolean rotates() {
            return true;
        }
    }

    /** What enrolling and rotating a password share: an agency, its new enrolment file, and the operator's bus. */
    abstract static class Issue implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "AGENCY")
        String agency;

        @Option(names = "--out", paramLabel = "FILE", description = "Where to write it (default: <agency>.enrolment).")
        Path out;

        @Mixin
        OperatorOptions operator;

        @Spec
        CommandSpec spec;

        /** Whether the agency is enrolled already and gets a new password. */
        abstract boolean rotates();

        @Override
        public Integer call() {
            return PartnerCommand.issue(
                    operator, agency, out, rotates(), spec.commandLine().getOut());
        }
    }

    /** The enroller of the bus these options name. */
    public static Enroller enroller(OperatorOptions operator) {
        Workspace workspace = operator.workspace();
        return new Enroller(
                operator.busAddress(),
                operator.ca().or(workspace::caCertificateIfAny),
                operator.directoryKey().anchor(),
                operator.agreement(),
                Workspace.agreementText(operator.agreementPath()));
    }

    private static int issue(OperatorOptions operator, String agency, Path out, boolean rotate, PrintWriter print) {
        Enroller enroller = enroller(operator);
        // Refused before anything is touched: the bus need not even run.
        enroller.requireEnrollable(agency);
        Path file = out != null ? out : Path.of(agency + ".enrolment");
        if (java.nio.file.Files.exists(file)) {
            throw new IllegalArgumentException(
                    file + " already exists: give another --out, or delete the old enrolment first");
        }
        Map<String, Object> admin = operator.admin();
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        Enrolment enrolment;
        try (Admin client = Admin.create(admin)) {
            enrolment = rotate ? enroller.rotate(client, agency) : enroller.enrol(client, agency);
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw new IllegalStateException("cannot reach Kafka at "
                        + admin.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG) + ": is ./ddrr up running?");
            }
            throw e;
        }
        enrolment.write(file);
        print.println((rotate ? "Gave " + agency + " a new Kafka password" : "Enrolled " + agency) + "; wrote " + file
                + " (readable by you only). The bus keeps no copy of the password.");
        print.println("Give it to " + agency + "'s node, then delete it here. On the node: "
                + (rotate
                        ? "./ddrr node password --home <home> --enrolment " + file.getFileName()
                                + ", then restart the node."
                        : "./ddrr node init " + agency + " --enrolment " + file.getFileName()));
        return 0;
    }
}
