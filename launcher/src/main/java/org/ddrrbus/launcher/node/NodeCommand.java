package org.ddrrbus.launcher.node;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.ddrrbus.client.keys.KeyRequest;
import org.ddrrbus.client.signing.SigningKey;
import org.ddrrbus.launcher.partner.Enrolment;
import org.ddrrbus.launcher.system.BusSystem;
import org.ddrrbus.launcher.system.CommandGroup;
import org.ddrrbus.launcher.system.PrivateFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ddrr node}: a partner's own node, on its own machine, holding only its own secrets. */
@Command(
        name = "node",
        mixinStandardHelpOptions = true,
        description = {
            "A partner's node: init makes its home from the operator's enrolment and a signing key that never leaves",
            "it; start runs the agency's service from that home against the bus; password takes a rotated Kafka",
            "password into the home."
        },
        subcommands = {NodeCommand.Init.class, NodeCommand.Start.class, NodeCommand.Password.class})
public final class NodeCommand extends CommandGroup {

    /** The home's default folder, in the working directory. */
    static final String DEFAULT_HOME = "node";

    @Command(
            name = "init",
            mixinStandardHelpOptions = true,
            description = {
                "Make the node home of an agency from its enrolment: Kafka settings and password, the bus's CA and the",
                "key directory's anchor, the agreement, and a new signing key made here. Writes the key request to give",
                "the operator (./ddrr keys approve)."
            })
    static final class Init implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "AGENCY")
        String agency;

        @Option(names = "--enrolment", required = true, paramLabel = "FILE", description = "From the operator.")
        Path enrolmentFile;

        @Option(
                names = "--home",
                paramLabel = "DIR",
                defaultValue = DEFAULT_HOME,
                description = "(default: ${DEFAULT-VALUE})")
        Path home;

        @Option(
                names = "--request",
                paramLabel = "FILE",
                description = "Where to write the key request (default: <agency>.<fingerprint>.request in the home).")
        Path request;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Enrolment enrolment = Enrolment.read(enrolmentFile);
            if (!enrolment.agency().equals(agency)) {
                throw new IllegalArgumentException(
                        "the enrolment " + enrolmentFile + " is for " + enrolment.agency() + ", not " + agency);
            }
            NodeHome node = new NodeHome(home);
            if (node.exists()) {
                String owner = node.settings().agency();
                throw new IllegalStateException(
                        owner.equals(agency)
                                ? home + " is already the node home of " + agency
                                        + ": ./ddrr node password takes a new password into it"
                                : home + " is the node home of " + owner + ", not " + agency);
            }
            SigningKey key = init(node, enrolment);
            Path requestFile =
                    request != null ? request : node.dir().resolve(key.keyId().replace('/', '.') + ".request");
            KeyRequest.of(key, Instant.now()).write(requestFile);
            PrivateFiles.tighten(node.dir());
            PrintWriter out = spec.commandLine().getOut();
            out.println("Made the node home of " + agency + " in " + node.dir() + " (readable by you only).");
            out.println("Its signing key " + key.keyId() + " stays there. Next:");
            out.println("  1. give " + requestFile + " to the bus operator: ./ddrr keys approve <file>");
            out.println("  2. delete " + enrolmentFile + ": it holds the Kafka password, now kept in the home");
            out.println("  3. once approved: ./ddrr node start " + agency + " --home " + home);
            return 0;
        }
    }

    /** Writes a new home and makes its signing key, as {@code node init} and {@code ./ddrr up} do. */
    public static SigningKey init(NodeHome node, Enrolment enrolment) {
        node.write(enrolment);
        SigningKey key = node.privateKeys().generate();
        PrivateFiles.tighten(node.dir());
        return key;
    }

    @Command(
            name = "start",
            mixinStandardHelpOptions = true,
            description = {
                "Run the agency's service, and only it, from its node home against the bus, until Ctrl-C. Refuses in",
                "one line a home of another agency, a missing, unreadable or unapproved key, and a bus it cannot reach."
            })
    static final class Start implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "AGENCY")
        String agency;

        @Option(
                names = "--home",
                paramLabel = "DIR",
                defaultValue = DEFAULT_HOME,
                description = "(default: ${DEFAULT-VALUE})")
        Path home;

        @Option(names = "--port", paramLabel = "N", description = "Web port (default: the service's usual one).")
        Integer port;

        @Option(
                names = "--wait",
                paramLabel = "SECONDS",
                defaultValue = "30",
                description = "How long to wait for the bus (default: ${DEFAULT-VALUE}).")
        int waitSeconds;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            if (waitSeconds < 1 || waitSeconds > 3600) {
                throw new IllegalArgumentException("--wait must be between 1 and 3600 seconds, not " + waitSeconds);
            }
            PrintWriter out = spec.commandLine().getOut();
            BusSystem system = NodeStart.start(new NodeHome(home), agency, port, Duration.ofSeconds(waitSeconds), out);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                system.close();
                                stopped.countDown();
                            },
                            "ddrr-node-shutdown"));
            out.println("Stop: Ctrl-C.");
            out.flush();
            stopped.await();
            return 0;
        }
    }

    @Command(
            name = "password",
            mixinStandardHelpOptions = true,
            description = "Take a rotated Kafka password (./ddrr partner rotate-password) into the node home.")
    static final class Password implements Callable<Integer> {

        @Option(
                names = "--home",
                paramLabel = "DIR",
                defaultValue = DEFAULT_HOME,
                description = "(default: ${DEFAULT-VALUE})")
        Path home;

        @Option(names = "--enrolment", required = true, paramLabel = "FILE", description = "From the operator.")
        Path enrolmentFile;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            NodeHome node = new NodeHome(home);
            if (!node.exists()) {
                throw new IllegalStateException("no node home at " + home + ": ./ddrr node init makes one");
            }
            Enrolment enrolment = Enrolment.read(enrolmentFile);
            node.takePassword(enrolment);
            PrintWriter out = spec.commandLine().getOut();
            out.println("Took the new password of " + enrolment.agency() + " into "
                    + node.loginFile() + ". Restart the node (./ddrr node start "
                    + enrolment.agency()
                    + " --home " + home + "), then delete " + enrolmentFile + ".");
            return 0;
        }
    }
}
