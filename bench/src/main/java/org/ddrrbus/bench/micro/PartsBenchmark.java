package org.ddrrbus.bench.micro;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.Opened;
import org.ddrrbus.client.envelope.RecordOrigin;
import org.ddrrbus.client.signing.KeyRing;
import org.ddrrbus.client.signing.RecordSigner;
import org.ddrrbus.client.signing.SignatureVerifier;
import org.ddrrbus.client.signing.SigningKey;
import org.ddrrbus.events.ReferralAccepted;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The per-event costs of the bus's parts: the wire format and the signatures. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PartsBenchmark {

    private static final int BATCH = 256;

    private final EventCodec codec = new EventCodec();
    private SigningKey key;
    private SignatureVerifier verifier;
    private ReferralAccepted event;
    private ProducerRecord<String, byte[]> sealed;
    private List<ProducerRecord<String, byte[]>> batch;
    private SignatureVerifier freshVerifier;
    /** When the records reached the bus: the key of a fixed ring speaks at any time. */
    private static final long ARRIVED = 1_767_225_600_000L;

    private long next;

    @Setup
    public void setUp() {
        key = SigningKey.generate("iom");
        verifier = new SignatureVerifier(KeyRing.of(Map.of(key.keyId(), key.publicKey())));
        event = new ReferralAccepted("KE-BNCH-0001", "REF-00000001", "nctc", null);
        sealed = codec.seal("ddrr.outbox.iom", codec.envelope("iom", event));
        RecordSigner.sender(key).signEvents(List.of(sealed.headers()), List.of(sealed.value()));
        batch = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            batch.add(codec.seal("ddrr.outbox.iom", codec.envelope("iom", event)));
        }
        RecordSigner.sender(key)
                .signEvents(
                        batch.stream().map(ProducerRecord::headers).toList(),
                        batch.stream().map(ProducerRecord::value).toList());
        verifier.checkEvent(batch.get(0).headers(), batch.get(0).value(), ARRIVED);
    }

    /** Avro single-object encoding of one event. */
    @Benchmark
    public byte[] encodeEvent() {
        return codec.encode(event);
    }

    /** Reading a record: wire format, schema resolution, header checks. */
    @Benchmark
    public Opened openRecord() {
        return codec.open(new RecordOrigin("ddrr.outbox.iom", 0, 0, sealed.key()), sealed.headers(), sealed.value());
    }

    /** Signing one event on its own: a tree of one, one Ed25519 signature. */
    @Benchmark
    public Headers signOneEvent() {
        Headers headers = new RecordHeaders(sealed.headers().toArray());
        RecordSigner.sender(key).signEvents(List.of(headers), List.of(sealed.value()));
        return headers;
    }

    /** Signing a batch of 256 events with one signature; JMH reports batches, the report divides by 256. */
    @Benchmark
    public int signBatchOf256() {
        List<Headers> headers = new ArrayList<>(BATCH);
        List<byte[]> values = new ArrayList<>(BATCH);
        for (ProducerRecord<String, byte[]> record : batch) {
            headers.add(new RecordHeaders(record.headers().toArray()));
            values.add(record.value());
        }
        RecordSigner.sender(key).signEvents(headers, values);
        return headers.size();
    }

    /** Verifying an event whose batch root was already verified: the leaf hash and the proof's hashes. */
    @Benchmark
    public Object verifyEventOfKnownBatch() {
        ProducerRecord<String, byte[]> record = batch.get((int) (next++ % BATCH));
        return verifier.checkEvent(record.headers(), record.value(), ARRIVED);
    }

    /** Verifying an event from scratch: one Ed25519 verification, as for a lone event. */
    @Benchmark
    public Object verifyLoneEvent() {
        return new SignatureVerifier(KeyRing.of(Map.of(key.keyId(), key.publicKey())))
                .checkEvent(sealed.headers(), sealed.value(), ARRIVED);
    }
}
