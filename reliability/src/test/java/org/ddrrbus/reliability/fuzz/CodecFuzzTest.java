package org.ddrrbus.reliability.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ddrrbus.reliability.fuzz.WireInput.Expectation.exactly;
import static org.ddrrbus.reliability.fuzz.WireInput.Expectation.valid;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.common.header.Headers;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.Opened;
import org.ddrrbus.client.envelope.RecordOrigin;
import org.ddrrbus.client.rejection.Rejection;
import org.ddrrbus.events.EventCatalogue;
import org.ddrrbus.events.EventType;
import org.ddrrbus.events.RejectionReason;
import org.ddrrbus.reliability.fuzz.WireGarbage.Sealed;
import org.junit.jupiter.api.Test;

/**
 * Thousands of broken records thrown at the wire format, made from valid events of every type: {@code open} never
 * throws, refuses each with the reason its fault calls for and a one-line detail, and still opens every valid record
 * given to it in between.
 */
class CodecFuzzTest {

    private static final String EDGE = "codec";
    /** Valid events of each type of the catalogue that every kind of garbage is made from. */
    private static final int SAMPLES_PER_TYPE = 3;
    /** One valid record is opened after every this many broken ones, to show that nothing stays broken behind them. */
    private static final int VALID_EVERY = 25;

    private final EventCodec codec = new EventCodec();
    private int tried;
    private int offset;

    private List<Sealed> samples(Random random, WireGarbage garbage) {
        List<Sealed> samples = new ArrayList<>();
        for (EventType<?> type : Samples.types()) {
            for (int i = 0; i < SAMPLES_PER_TYPE; i++) {
                samples.add(
                        garbage.seal(Fuzz.pick(random, "nctc", "iom", "cicc", "county"), Samples.random(type, random)));
            }
        }
        return samples;
    }

    /** Runs one family of garbage over every sample and reports how many inputs it tried. */
    private void fuzz(String test, Function<Sealed, List<WireInput>> family) {
        long started = System.nanoTime();
        Random random = Fuzz.random(test);
        WireGarbage garbage = new WireGarbage(codec, random);
        List<Sealed> samples = samples(random, garbage);
        List<WireInput> inputs = new ArrayList<>();
        samples.forEach(sample -> inputs.addAll(family.apply(sample)));
        run(test, inputs, samples);
        Fuzz.report(EDGE, test, tried, inputs.size() + inputs.size() / VALID_EVERY, started);
    }

    private void run(String test, List<WireInput> inputs, List<Sealed> samples) {
        TreeMap<String, Integer> kinds = new TreeMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            WireInput input = inputs.get(i);
            check(test, input);
            kinds.merge(input.kind(), 1, Integer::sum);
            if ((i + 1) % VALID_EVERY == 0) {
                check(test, samples.get(i / VALID_EVERY % samples.size()).pristine());
            }
        }
        System.out.println("FUZZ " + EDGE + " " + test + " by kind: " + kinds);
    }

    /** Opens one input and checks what came out against its expectation and the rules every answer keeps. */
    private Opened check(String test, WireInput input) {
        tried++;
        String what = Fuzz.replay(test) + ", input " + tried + ": " + input.description();
        RecordOrigin origin = new RecordOrigin("ddrr.outbox.fuzz", 1, offset++, input.key());
        Headers headers = input.headersCopy();
        Opened opened;
        try {
            opened = codec.open(origin, headers, input.value());
        } catch (Throwable thrown) {
            throw new AssertionError(what + ": open threw " + thrown, thrown);
        }
        assertThat(opened).as(what).isNotNull();
        assertThat(opened.origin()).as(what).isEqualTo(origin);
        if (opened instanceof Opened.Refused refused) {
            Rejection rejection = refused.rejection();
            assertThat(rejection).as(what).isNotNull();
            assertThat(rejection.reason()).as(what).isNotNull();
            Fuzz.assertReadableLine(rejection.detail(), what + ": detail");
            assertThat(rejection.detail().length())
                    .as(what + ": detail of " + rejection.detail().length() + " chars")
                    .isLessThanOrEqualTo(400);
            assertThat(refused.value()).as(what + ": the evidence, unchanged").isSameAs(input.value());
            assertThat(refused.headers()).as(what).isSameAs(headers);
        }
        input.expect().check(opened, what);
        return opened;
    }

    @Test
    void randomBytesAreNotAvroOrOfAnUnknownSchema() {
        fuzz("randomBytesAreNotAvroOrOfAnUnknownSchema", new Function<>() {
            private final WireGarbage garbage = new WireGarbage(codec, Fuzz.random("random-values"));

            public List<WireInput> apply(Sealed sample) {
                List<WireInput> inputs = new ArrayList<>();
                for (int i = 0; i < 60; i++) {
                    inputs.add(garbage.randomValue(sample));
                }
                return inputs;
            }
        });
    }

    @Test
    void validRecordsTruncatedAtEveryLengthAreRefused() {
        fuzz(
                "validRecordsTruncatedAtEveryLengthAreRefused",
                sample -> new WireGarbage(codec, new Random(0)).truncations(sample));
    }

    @Test
    void everyBitFlippedInTheMarkerFingerprintOrBody() {
        fuzz(
                "everyBitFlippedInTheMarkerFingerprintOrBody",
                sample -> new WireGarbage(codec, new Random(0)).bitFlips(sample));
    }

    @Test
    void bytesAfterTheBodyAreRefused() {
        fuzz("bytesAfterTheBodyAreRefused", new Function<>() {
            private final WireGarbage garbage = new WireGarbage(codec, Fuzz.random("trailing"));

            public List<WireInput> apply(Sealed sample) {
                return garbage.trailing(sample, 12);
            }
        });
    }

    @Test
    void hostileLengthsCountsAndIndexesInTheBodyAreRefusedWithoutExhaustingMemory() {
        fuzz(
                "hostileLengthsCountsAndIndexesInTheBodyAreRefused",
                sample -> new WireGarbage(codec, new Random(0)).hostileVarints(sample));
    }

    @Test
    void everyRequiredHeaderMissingDuplicatedEmptyOrGarbage() {
        fuzz("everyRequiredHeaderMissingDuplicatedEmptyOrGarbage", new Function<>() {
            private final WireGarbage garbage = new WireGarbage(codec, Fuzz.random("headers"));

            public List<WireInput> apply(Sealed sample) {
                return garbage.headerFaults(sample, 8);
            }
        });
    }

    @Test
    void typeSubjectAndKeyMustAgreeWithTheBody() {
        fuzz("typeSubjectAndKeyMustAgreeWithTheBody", new Function<>() {
            private final WireGarbage garbage = new WireGarbage(codec, Fuzz.random("mismatches"));

            public List<WireInput> apply(Sealed sample) {
                return garbage.mismatches(sample);
            }
        });
    }

    @Test
    void oversizedRecordsAreRefusedBeforeTheyAreRead() {
        long started = System.nanoTime();
        String test = "oversizedRecordsAreRefusedBeforeTheyAreRead";
        Random random = Fuzz.random(test);
        WireGarbage garbage = new WireGarbage(codec, random);
        List<Sealed> samples = samples(random, garbage);
        int limit = EventCodec.DEFAULT_MAX_RECORD_BYTES;
        List<WireInput> inputs = new ArrayList<>();
        for (Sealed sample : samples) {
            // Just over the limit, well over it, and over the broker's own limit: refused by size alone.
            for (int size : List.of(
                    limit + 1, Fuzz.between(random, limit + 2, 4 * limit), Fuzz.between(random, 1 << 20, 3 << 20))) {
                byte[] value = WireGarbage.concat(sample.value(), Fuzz.bytes(random, size - sample.value().length));
                inputs.add(sample.with(
                        "oversized", size + " bytes", value, exactly(new Rejection.Oversized(size, limit))));
            }
            // Exactly at the limit is read, and refused for what follows the body.
            byte[] atLimit = WireGarbage.concat(sample.value(), new byte[limit - sample.value().length]);
            inputs.add(sample.with(
                    "at-limit",
                    "padded to the limit",
                    atLimit,
                    exactly(new Rejection.MalformedBody(sample.type().name(), "trailing bytes after the body"))));
        }
        run(test, inputs, samples);

        // A codec with a small limit: every valid record above it is refused by size, every one within it opens.
        EventCodec small = new EventCodec(EventCatalogue.get(), 64);
        int smallTried = 0;
        for (Sealed sample : samples) {
            int size = sample.value().length;
            Opened opened = small.open(
                    new RecordOrigin("ddrr.outbox.fuzz", 0, smallTried++, sample.key()),
                    sample.headers(),
                    sample.value());
            (size > 64 ? exactly(new Rejection.Oversized(size, 64)) : valid(sample.event()))
                    .check(
                            opened,
                            Fuzz.replay(test) + ": " + sample.type().name() + " of " + size + " bytes, limit 64");
        }
        tried += smallTried;
        Fuzz.report(EDGE, test, tried, inputs.size() + inputs.size() / VALID_EVERY + samples.size(), started);
    }

    @Test
    void stackedRandomMutationsNeverThrowAndNeverStopValidRecords() {
        long started = System.nanoTime();
        String test = "stackedRandomMutationsNeverThrowAndNeverStopValidRecords";
        Random random = Fuzz.random(test);
        WireGarbage garbage = new WireGarbage(codec, random);
        List<Sealed> samples = samples(random, garbage);
        List<WireInput> inputs = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            Sealed sample = Fuzz.pick(random, samples);
            // Two to four faults at once, each of any family: only the rules every answer keeps can be asserted.
            WireInput mutated = sample.pristine();
            StringBuilder description = new StringBuilder();
            for (int faults = Fuzz.between(random, 2, 4); faults > 0; faults--) {
                List<WireInput> family = switch (random.nextInt(6)) {
                    case 0 -> garbage.truncations(sample);
                    case 1 -> garbage.bitFlips(sample);
                    case 2 -> garbage.trailing(sample, 1);
                    case 3 -> garbage.hostileVarints(sample);
                    case 4 -> garbage.headerFaults(sample, 1);
                    default -> garbage.mismatches(sample);
                };
                WireInput fault = Fuzz.pick(random, family);
                description.append(fault.description()).append("; ");
                boolean headersChanged = !Arrays.equals(
                        fault.headers().toArray(), sample.record().headers().toArray());
                mutated = new WireInput(
                        "stacked",
                        description.toString(),
                        fault.key() == null || !fault.key().equals(sample.key()) ? fault.key() : mutated.key(),
                        headersChanged ? fault.headers() : mutated.headers(),
                        fault.value() != sample.value() ? fault.value() : mutated.value(),
                        WireInput.Expectation.validOr(RejectionReason.values()));
            }
            inputs.add(mutated);
        }
        run(test, inputs, samples);
        Fuzz.report(EDGE, test, tried, inputs.size() + inputs.size() / VALID_EVERY, started);
    }
}
