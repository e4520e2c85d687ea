package org.ddrrbus.client.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.ddrrbus.client.signing.KeyLookup;
import org.ddrrbus.client.signing.RegisteredKey;
import org.ddrrbus.client.text.OneLine;
import org.ddrrbus.client.topic.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key directory as one component sees it: read from the start of {@code ddrr.keys} and followed for as long as
 * the component runs. Only statements the operator's directory key signed are applied; any other record is ignored
 * and logged.
 *
 * <p>A verifier asks for a key {@linkplain #findAsOf as of} the moment the record it judges reached the bus. If the
 * directory has not been read through a moment after that one, it first reads to the directory's current end (one
 * round trip to the broker). Whatever the signer knew when it signed (the key it just switched to, or a revocation
 * published before) was on the directory before the record reached the bus, so a verifier never judges a record by
 * an older directory than its signer saw. One such read covers every record that reached the bus before it began.
 */
public final class KeyDirectory implements KeyLookup, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KeyDirectory.class);
    private static final TopicPartition PARTITION = new TopicPartition(Topics.KEYS, 0);
    private static final Duration CATCH_UP = Duration.ofSeconds(10);
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(5);

    private final DirectoryAnchor anchor;
    private final DirectoryClient client;
    private final DirectoryEntries entries = new DirectoryEntries();
    private final DirectoryBook book = new DirectoryBook();
    private final Clock clock;
    private final Object syncLock = new Object();
    private KafkaConsumer<String, byte[]> endReader;
    private Thread follower;
    private KafkaConsumer<String, byte[]> followed;
    private volatile boolean closed;
    private volatile Throwable failure;
    private long position;
    private volatile Instant readThrough = Instant.MIN;
    private volatile Instant retryAt = Instant.MIN;

    private KeyDirectory(DirectoryClient client, DirectoryAnchor anchor, Clock clock) {
        this.client = client;
        this.anchor = anchor;
        this.clock = clock;
    }

    /**
     * Reads the directory to its current end, then keeps following it in a thread of its own until closed.
     *
     * @param client Kafka client settings of a principal that may read {@code ddrr.keys}
     * @throws KeyDirectoryException in one line, when the directory cannot be read within {@code timeout}
     */
    public static KeyDirectory follow(Map<String, Object> client, DirectoryAnchor anchor, Duration timeout) {
        KeyDirectory directory = new KeyDirectory(new DirectoryClient(client), anchor, Clock.systemUTC());
        directory.start(timeout);
        return directory;
    }

    private void start(Duration timeout) {
        KafkaConsumer<String, byte[]> consumer = client.newConsumer("");
        Instant started = clock.instant();
        try {
            List<PartitionInfo> partitions = DirectoryClient.partitionsOfKeys(consumer, timeout);
            if (partitions.isEmpty()) {
                throw new KeyDirectoryException("the key directory " + Topics.KEYS + " does not exist on the bus at "
                        + client.bootstrap() + ": provision the bus first (./ddrr provision apply)");
            }
            consumer.assign(List.of(PARTITION));
            consumer.seekToBeginning(List.of(PARTITION));
            long end = consumer.endOffsets(List.of(PARTITION), timeout).get(PARTITION);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (consumer.position(PARTITION, timeout) < end) {
                if (System.nanoTime() > deadline) {
                    throw new KeyDirectoryException("could not read the key directory " + Topics.KEYS + " to its end"
                            + " within " + timeout.toSeconds() + " s");
                }
                apply(consumer.poll(Duration.ofMillis(200)));
            }
            position = consumer.position(PARTITION);
        } catch (KeyDirectoryException e) {
            consumer.close();
            throw e;
        } catch (KafkaException e) {
            consumer.close();
            throw client.refusal(e, timeout);
        }
        readThrough = started;
        log.debug(
                "Read the key directory {}: {} key(s) in {} ms",
                Topics.KEYS,
                book.keys().size(),
                Duration.between(started, clock.instant()).toMillis());
        followed = consumer;
        follower = new Thread(() -> follow(consumer), "ddrr-key-directory");
        follower.setDaemon(true);
        follower.start();
    }

    private void follow(KafkaConsumer<String, byte[]> consumer) {
        try (consumer) {
            while (!closed) {
                var records = consumer.poll(Duration.ofSeconds(1));
                apply(records);
                long now = consumer.position(PARTITION);
                synchronized (this) {
                    position = now;
                    notifyAll();
                }
            }
        } catch (WakeupException e) {
            if (!closed) {
                failure = e;
            }
        } catch (RuntimeException e) {
            failure = e;
            log.error("Stopped following the key directory {}: {}", Topics.KEYS, e.toString());
        }
    }

    private void apply(Iterable<ConsumerRecord<String, byte[]>> records) {
        for (ConsumerRecord<String, byte[]> record : records) {
            DirectoryEntries.Read read = entries.open(record.key(), record.value(), record.headers(), anchor);
            if (read instanceof DirectoryEntries.Read.Ignored ignored) {
                log.warn("Ignored the record at offset {} of {}: {}", record.offset(), Topics.KEYS, ignored.why());
                continue;
            }
            KeyStatement statement = ((DirectoryEntries.Read.Statement) read).statement();
            DirectoryBook.Outcome outcome = book.apply(statement);
            if (outcome instanceof DirectoryBook.Outcome.Ignored ignored) {
                log.warn("Ignored the statement at offset {} of {}: {}", record.offset(), Topics.KEYS, ignored.why());
            } else {
                log.debug(
                        "Key directory: {}",
                        ((DirectoryBook.Outcome.Applied) outcome).key().describe());
            }
        }
    }

    @Override
    public Optional<RegisteredKey> find(String keyId) {
        return book.find(keyId);
    }

    /**
     * The key, having read the directory through a moment after {@code arrived}: at most one round trip, and none when
     * an earlier read began after it. Should the directory not answer, the key as known now, and a warning.
     */
    @Override
    public Optional<RegisteredKey> findAsOf(String keyId, Instant arrived) {
        if (!readThrough.isAfter(arrived) && !clock.instant().isBefore(retryAt)) {
            catchUp(CATCH_UP);
        }
        return find(keyId);
    }

    /** When the operator made the statement applied for a key. */
    Optional<Instant> statedAt(String keyId) {
        return book.statedAt(keyId);
    }

    /** Every key of the directory, by principal and then oldest first. */
    public List<RegisteredKey> keys() {
        return book.keys();
    }

    public List<RegisteredKey> keysOf(String principal) {
        return keys().stream().filter(k -> k.principal().equals(principal)).toList();
    }

    public DirectoryAnchor anchor() {
        return anchor;
    }

    /**
     * Reads the directory to its end as it is now: afterwards every statement written before this call is applied.
     *
     * @return whether it got there within {@code timeout}
     */
    public boolean catchUp(Duration timeout) {
        Instant started = clock.instant();
        long end;
        try {
            synchronized (syncLock) {
                if (readThrough.isAfter(started)) {
                    return true;
                }
                if (endReader == null) {
                    endReader = client.newConsumer("-end");
                }
                end = endReader.endOffsets(List.of(PARTITION), timeout).get(PARTITION);
            }
        } catch (RuntimeException e) {
            return failed("cannot ask the bus for the end of the key directory: " + OneLine.first(e.getMessage(), 200));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (position < end && failure == null && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            if (position < end) {
                return failed(
                        failure != null
                                ? "the key directory is no longer followed: " + OneLine.first(failure.toString(), 200)
                                : "the key directory was not read to its end within " + timeout.toSeconds() + " s");
            }
        }
        synchronized (syncLock) {
            if (started.isAfter(readThrough)) {
                readThrough = started;
            }
        }
        return true;
    }

    private boolean failed(String why) {
        retryAt = clock.instant().plus(RETRY_AFTER_FAILURE);
        log.warn("{}; judging with the directory as read so far", why);
        return false;
    }

    @Override
    public void close() {
        closed = true;
        Thread running = follower;
        if (running != null) {
            followed.wakeup();
            try {
                running.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (syncLock) {
            if (endReader != null) {
                endReader.close(Duration.ofSeconds(2));
                endReader = null;
            }
        }
    }
}
