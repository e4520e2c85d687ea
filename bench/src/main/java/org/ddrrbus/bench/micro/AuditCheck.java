package org.ddrrbus.bench.micro;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.ddrrbus.auditor.check.Inspector;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.envelope.CloudEventHeaders;
import org.ddrrbus.client.envelope.DeliveryTerms;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.signing.KeyRing;
import org.ddrrbus.client.signing.RecordSigner;
import org.ddrrbus.client.signing.Seal;
import org.ddrrbus.client.signing.SignatureHeaders;
import org.ddrrbus.client.signing.SignatureVerifier;
import org.ddrrbus.client.signing.SignedContent;
import org.ddrrbus.client.signing.SigningKey;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.BorderReturnRecorded;

/**
 * {@code audit verify}'s checking alone, without Kafka: the auditor's {@link Inspector} over a fixed set of deliveries
 * to nctc's inbox made as the bench's bus makes them (iom signs chunks of 100 border returns of the demo's mean size,
 * the exchange passes on iom's headers with the terms, the leaf and the ledger time and countersigns each transaction
 * of 300 deliveries with one root). Prints records per second on one thread and on every core, and per second of the
 * inspecting threads' CPU time, which a loaded machine moves far less.
 *
 * <p>{@code java -cp <bench jar's classpath> org.ddrrbus.bench.micro.AuditCheck [records] [seconds]}
 */
public final class AuditCheck {

    private static final int SENDER_CHUNK = 100;
    private static final int TRANSACTION = 300;

    private AuditCheck() {}

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 30_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        SigningKey iom = SigningKey.generate("iom");
        SigningKey exchange = SigningKey.generate("exchange");
        SharingAgreement agreement = AgreementLoader.loadDefault();
        List<ConsumerRecord<String, byte[]>> records = deliveries(agreement, iom, exchange, count);
        Inspector inspector =
                new Inspector(agreement, new EventCodec(), new SignatureVerifier(KeyRing.of(iom, exchange)));
        String status = inspector.inspect(records.get(0)).verdict().status();
        if (!"verified".equals(status)) {
            throw new IllegalStateException("the bench's delivery does not verify: "
                    + inspector.inspect(records.get(0)).verdict());
        }
        int threads = Runtime.getRuntime().availableProcessors();
        for (int round = 0; round < 3; round++) {
            Rate one = rate(inspector, records, 1, seconds);
            Rate all = rate(inspector, records, threads, seconds);
            System.out.printf(
                    "one thread: %,.0f records/s, %,.0f per CPU second (%.2f µs each); %d threads: %,.0f records/s,"
                            + " %,.0f per CPU second%n",
                    one.perSecond(),
                    one.perCpuSecond(),
                    1e6 / one.perCpuSecond(),
                    threads,
                    all.perSecond(),
                    all.perCpuSecond());
        }
    }

    /**
     * Records per second of wall time, and per second of the inspecting threads' own CPU time: on a machine shared
     * with other work the first moves with the load, the second far less.
     */
    private record Rate(double perSecond, double perCpuSecond) {}

    /** Records inspected on {@code threads} threads, each going round its share of the records. */
    private static Rate rate(
            Inspector inspector, List<ConsumerRecord<String, byte[]>> records, int threads, int seconds)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long until = System.nanoTime() + seconds * 1_000_000_000L;
            long started = System.nanoTime();
            List<Future<long[]>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                done.add(pool.submit(() -> {
                    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
                    long cpuStarted = cpu.getCurrentThreadCpuTime();
                    long inspected = 0;
                    while (System.nanoTime() < until) {
                        for (int i = first; i < records.size(); i += threads) {
                            if (!inspector.inspect(records.get(i)).verdict().passed()) {
                                throw new IllegalStateException("record " + i + " does not verify");
                            }
                            inspected++;
                        }
                    }
                    return new long[] {inspected, cpu.getCurrentThreadCpuTime() - cpuStarted};
                }));
            }
            long total = 0;
            long cpuNanos = 0;
            for (Future<long[]> f : done) {
                total += f.get()[0];
                cpuNanos += f.get()[1];
            }
            return new Rate(total / ((System.nanoTime() - started) / 1e9), total / (cpuNanos / 1e9));
        } finally {
            pool.shutdownNow();
        }
    }

    static List<ConsumerRecord<String, byte[]>> deliveries(
            SharingAgreement agreement, SigningKey iom, SigningKey exchange, int count) {
        EventCodec codec = new EventCodec();
        String inbox = Topics.inbox("nctc");
        var policy =
                agreement.policy(BorderReturnRecorded.class.getSimpleName()).orElseThrow();
        var route = policy.routeTo("nctc").orElseThrow();
        String purpose = route.defaultPurpose();
        String legalBasis = policy.legalBasisFor(route);
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>(count);
        List<RecordSigner.Signable> transaction = new ArrayList<>();
        List<ConsumerRecord<String, byte[]>> held = new ArrayList<>();
        long now = Instant.now().toEpochMilli();
        for (int chunk = 0; out.size() + held.size() < count; chunk++) {
            List<ProducerRecord<String, byte[]>> events = new ArrayList<>(SENDER_CHUNK);
            for (int i = 0; i < SENDER_CHUNK; i++) {
                String subject = String.format("KE-%04d-%04d", chunk % 10_000, i);
                events.add(codec.seal(
                        Topics.outbox("iom"),
                        codec.envelope(
                                "iom",
                                new BorderReturnRecorded(
                                        subject, "Garissa", "Liboi", "Saudi Arabia", LocalDate.of(2026, 1, 1)))));
            }
            RecordSigner.sender(iom)
                    .signEvents(
                            events.stream().map(ProducerRecord::headers).toList(),
                            events.stream().map(ProducerRecord::value).toList());
            for (ProducerRecord<String, byte[]> event : events) {
                List<Header> headers = new ArrayList<>();
                for (Header header : event.headers()) {
                    if (CloudEventHeaders.REQUIRED.contains(header.key())) {
                        headers.add(header);
                    }
                }
                headers.add(text(DeliveryTerms.PURPOSE, purpose));
                headers.add(text(DeliveryTerms.LEGAL_BASIS, legalBasis));
                // As the exchange writes a delivery (version 2): the sender's signature, its leaf and the ledger
                // time in one seal, which the countersignature below joins.
                byte[] senderLeaf = SignedContent.eventLeaf(event.headers(), event.value());
                headers.add(new RecordHeader(SignatureHeaders.SEAL, Seal.deliveryOf(event.headers(), senderLeaf, now)));
                RecordHeaders delivered = new RecordHeaders(headers.toArray(new Header[0]));
                transaction.add(RecordSigner.Signable.delivery(inbox, delivered, event.value())
                        .orElseThrow());
                long offset = out.size() + held.size();
                held.add(new ConsumerRecord<>(
                        inbox,
                        0,
                        offset,
                        now + 5,
                        TimestampType.LOG_APPEND_TIME,
                        event.key().length(),
                        event.value().length,
                        event.key(),
                        event.value(),
                        delivered,
                        Optional.empty()));
                if (transaction.size() == TRANSACTION) {
                    RecordSigner.exchange(exchange).sign(transaction);
                    out.addAll(held);
                    transaction.clear();
                    held.clear();
                }
            }
        }
        if (!transaction.isEmpty()) {
            RecordSigner.exchange(exchange).sign(transaction);
            out.addAll(held);
        }
        return out.subList(0, count);
    }

    private static Header text(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
