package org.ddrrbus.hosts.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.ddrrbus.hosts.HostProcess;

/**
 * The recipient's inbox on a restored bus, against what the senders were told was accepted before the backup: every
 * such event there exactly once, each person's in order.
 *
 * @param expected events acknowledged before the backup
 * @param delivered of those, how many are in the restored inbox
 * @param caughtUp from the restored bus's start until the last of them was there
 */
record RestoredInbox(int expected, int delivered, int lost, int duplicated, int outOfOrder, Duration caughtUp) {

    /** Reads nctc's inbox on {@code restored} until every expected event is in it (or four minutes pass), and counts. */
    static RestoredInbox check(HostCluster restored, Map<String, String> expected, long started) {
        Path out = restored.network().work().resolve("restored-inbox");
        HostProcess tally = restored.launch(
                restored.network().host(HostCluster.RECIPIENT),
                "tally-restored",
                InboxTally.class,
                List.of(restored.clusterFile().toString(), HostCluster.RECIPIENT, out.toString()));
        try {
            Awaitility.await("every event acknowledged before the backup in the restored bus's inbox")
                    .atMost(Duration.ofMinutes(4))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> copies(out, expected).keySet().containsAll(expected.keySet()));
        } catch (ConditionTimeoutException e) {
            // Counted below.
        }
        long caughtUp = System.currentTimeMillis() - started;
        touch(Path.of(out + ".stop"));
        tally.awaitExit(Duration.ofMinutes(2));
        Map<String, Integer> copies = copies(out, expected);
        Map<String, Long> last = new HashMap<>();
        int outOfOrder = 0;
        for (String[] f : records(out)) {
            if (expected.containsKey(f[2])) {
                long seq = Long.parseLong(
                        f[2].substring(SteadySender.ID_PREFIX.length(), SteadySender.ID_PREFIX.length() + 8));
                Long before = last.put(f[1], seq);
                if (before != null && seq <= before) {
                    outOfOrder++;
                }
            }
        }
        int lost = (int)
                expected.keySet().stream().filter(id -> !copies.containsKey(id)).count();
        int duplicated = (int) copies.values().stream().filter(n -> n > 1).count();
        RestoredInbox inbox = new RestoredInbox(
                expected.size(), copies.size(), lost, duplicated, outOfOrder, Duration.ofMillis(caughtUp));
        System.out.println(inbox);
        return inbox;
    }

    private static Map<String, Integer> copies(Path out, Map<String, String> expected) {
        Map<String, Integer> copies = new HashMap<>();
        for (String[] f : records(out)) {
            if (expected.containsKey(f[2])) {
                copies.merge(f[2], 1, Integer::sum);
            }
        }
        return copies;
    }

    private static List<String[]> records(Path out) {
        try {
            return Files.exists(out)
                    ? Files.readAllLines(out).stream()
                            .map(line -> line.split(" "))
                            .filter(f -> f.length >= 4)
                            .toList()
                    : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void touch(Path file) {
        try {
            Files.writeString(file, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return String.format(
                "restored bus: acknowledged before the backup %d, in the restored inbox %d, lost %d, duplicated %d,"
                        + " out of order %d, all there %.1f s after the restored bus was started",
                expected, delivered, lost, duplicated, outOfOrder, caughtUp.toMillis() / 1000.0);
    }
}
