package org.ddrrbus.client.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.ddrrbus.client.signing.KeyLookup;
import org.ddrrbus.client.signing.RegisteredKey;
import org.ddrrbus.client.text.OneLine;
import org.ddrrbus.client.tls.CaTrust;
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
    /** How long a missing key directory topic is asked for again, in case the bus was provisioned a moment ago. */
    private static final Duration NEW_TOPIC_GRACE = Duration.ofSeconds(5);

    private static final Duration METADATA_RETRY = Duration.ofMillis(200);
    private static final AtomicInteger READERS = new AtomicInteger();
    private static final Pattern USERNAME = Pattern.compile("username=\"([^\"]*)\"");

    private final DirectoryAnchor anchor;
    private final Map<String, Object> clientProperties;
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

    private KeyDirectory(Map<String, Object> clientProperties, DirectoryAnchor anchor, Clock clock) {
        this.clientProperties = clientProperties;
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
        KeyDirectory directory = new KeyDirectory(consumerProperties(client), anchor, Clock.systemUTC());
        directory.start(timeout);
        return directory;
    }

    private static Map<String, Object> consumerProperties(Map<String, Object> client) {
        Map<String, Object> props = new HashMap<>(client);
        // The directory is read whole by every reader: no group, no committed position.
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // Several components may share a JVM (./ddrr up): a client id of their own keeps their metrics apart.
        props.put(
                CommonClientConfigs.CLIENT_ID_CONFIG,
                "ddrr-keys-" + principalIn(client).orElse("reader") + "-" + READERS.incrementAndGet());
        return props;
    }

    /**
     * A moment after the bus is provisioned, the broker asked may not yet know the topic: the controller has created it,
     * but not every broker's metadata has caught up. So "no such topic" is believed only after a few seconds of
     * asking, bounded by the caller's timeout, so that a bus never provisioned is still said so quickly.
     */
    private static List<PartitionInfo> partitionsOfKeys(KafkaConsumer<String, byte[]> consumer, Duration timeout) {
        long deadline = System.nanoTime() + Math.min(timeout.toNanos(), NEW_TOPIC_GRACE.toNanos());
        while (true) {
            List<PartitionInfo> partitions = consumer.partitionsFor(Topics.KEYS, timeout);
            if ((partitions != null && !partitions.isEmpty()) || System.nanoTime() > deadline) {
                return partitions == null ? List.of() : partitions;
            }
            try {
                Thread.sleep(METADATA_RETRY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }
    }

    private void start(Duration timeout) {
        KafkaConsumer<String, byte[]> consumer = newConsumer("");
        Instant started = clock.instant();
        try {
            List<PartitionInfo> partitions = partitionsOfKeys(consumer, timeout);
            if (partitions.isEmpty()) {
                throw new KeyDirectoryException("the key directory " + Topics.KEYS + " does not exist on the bus at "
                        + bootstrap() + ": provision the bus first (./ddrr provision apply)");
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
        } catch (AuthorizationException e) {
            consumer.close();
            throw new KeyDirectoryException(principal() + " may not read the key directory " + Topics.KEYS
                    + " (provision the bus from the current agreement: ./ddrr provision apply)");
        } catch (SslAuthenticationException e) {
            consumer.close();
            // A failed TLS handshake is no refused login: the line names the CA that did not match.
            throw new KeyDirectoryException(
                    "cannot connect to Kafka at " + bootstrap() + ": "
                            + CaTrust.explain(e, trustStore()).orElse(OneLine.first(e.getMessage(), 200)),
                    e);
        } catch (AuthenticationException e) {
            consumer.close();
            throw new KeyDirectoryException(
                    "the bus at " + bootstrap() + " refused the login of " + principal() + ": " + e.getMessage());
        } catch (TimeoutException e) {
            consumer.close();
            throw new KeyDirectoryException("cannot reach the bus at " + bootstrap() + " to read the key directory"
                    + " within " + timeout.toSeconds() + " s: is it running, and reachable from here?");
        } catch (KafkaException e) {
            consumer.close();
            throw new KeyDirectoryException(
                    "cannot read the key directory " + Topics.KEYS + ": " + OneLine.first(e.getMessage(), 200));
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
                    endReader = newConsumer("-end");
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

    private KafkaConsumer<String, byte[]> newConsumer(String role) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, props.get(CommonClientConfigs.CLIENT_ID_CONFIG) + role);
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private String bootstrap() {
        return String.valueOf(clientProperties.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
    }

    private String trustStore() {
        return String.valueOf(
                clientProperties.getOrDefault(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, "the trust store given"));
    }

    private String principal() {
        return principalIn(clientProperties).orElse("this principal");
    }

    private static Optional<String> principalIn(Map<String, Object> client) {
        Object jaas = client.get("sasl.jaas.config");
        if (jaas != null) {
            Matcher matcher = USERNAME.matcher(jaas.toString());
            if (matcher.find()) {
                return Optional.of(matcher.group(1));
            }
        }
        return Optional.empty();
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
