package org.ddrrbus.client.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Period;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.ddrrbus.client.rejection.Rejection;
import org.ddrrbus.events.Priority;
import org.ddrrbus.events.ReferralIssued;
import org.ddrrbus.events.RejectionReason;
import org.ddrrbus.events.ServiceKind;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    private final EventCodec codec = new EventCodec();
    private final ReferralIssued referral = new ReferralIssued(
            "KE-7Q2M-4XJD",
            "REF-1",
            "iom",
            "Kwale",
            List.of(ServiceKind.LIVELIHOOD, ServiceKind.PSYCHOSOCIAL),
            Priority.WITHIN_72_HOURS,
            "reintegration-support",
            "CONSENT-1");

    private ProducerRecord<String, byte[]> sealed() {
        return codec.seal("ddrr.outbox.nctc", codec.envelope("nctc", referral));
    }

    private Opened open(ProducerRecord<String, byte[]> record) {
        return codec.open(new RecordOrigin(record.topic(), 0, 42, record.key()), record.headers(), record.value());
    }

    private Rejection refusal(Opened opened) {
        assertThat(opened).isInstanceOf(Opened.Refused.class);
        return ((Opened.Refused) opened).rejection();
    }

    @Test
    void sealedEventOpensToTheSameEventAndAttributes() {
        ProducerRecord<String, byte[]> record = sealed();

        Opened opened = open(record);

        assertThat(opened).isInstanceOfSatisfying(Opened.Valid.class, valid -> {
            assertThat(valid.envelope().event()).isEqualTo(referral);
            assertThat(valid.envelope().sender()).isEqualTo("nctc");
            assertThat(valid.envelope().subject()).isEqualTo("KE-7Q2M-4XJD");
            assertThat(valid.envelope().typeName()).isEqualTo("ReferralIssued");
        });
        assertThat(record.key()).isEqualTo("KE-7Q2M-4XJD");
        assertThat(header(record.headers(), "ce_type")).isEqualTo("org.ddrrbus.events.ReferralIssued");
        assertThat(header(record.headers(), "ce_source")).isEqualTo("/agencies/nctc");
        assertThat(header(record.headers(), "content-type")).isEqualTo("application/avro");
    }

    @Test
    void anyAvroLibraryReadsTheValueWithTheSchemaFileAlone() throws Exception {
        Schema schema;
        try (var in = getClass().getResourceAsStream("/ddrr-schemas/ReferralIssued/v1.avsc")) {
            schema = new Schema.Parser().parse(in);
        }
        BinaryMessageDecoder<GenericRecord> plain = new BinaryMessageDecoder<>(new GenericData(), schema);

        GenericRecord decoded = plain.decode(sealed().value());

        assertThat(decoded.get("referralId").toString()).isEqualTo("REF-1");
        assertThat(decoded.get("priority").toString()).isEqualTo("WITHIN_72_HOURS");
    }

    @Test
    void bytesWithoutTheSingleObjectMarkerAreNotAvro() {
        ProducerRecord<String, byte[]> record = sealed();
        byte[] garbage = "{\"subjectRef\":\"KE-1\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(refusal(open(with(record, garbage))).reason()).isEqualTo(RejectionReason.NOT_AVRO);
    }

    @Test
    void unknownFingerprintIsAnUnknownSchema() {
        ProducerRecord<String, byte[]> record = sealed();
        byte[] value = record.value().clone();
        value[5] ^= 0x5A;

        assertThat(refusal(open(with(record, value)))).isInstanceOf(Rejection.UnknownSchema.class);
    }

    @Test
    void truncatedBodyIsMalformed() {
        ProducerRecord<String, byte[]> record = sealed();
        byte[] truncated = Arrays.copyOf(record.value(), record.value().length - 7);

        Rejection rejection = refusal(open(with(record, truncated)));

        assertThat(rejection.reason()).isEqualTo(RejectionReason.MALFORMED_BODY);
        assertThat(rejection.detail()).startsWith("body is not a valid ReferralIssued");
    }

    @Test
    void trailingBytesAreMalformed() {
        ProducerRecord<String, byte[]> record = sealed();
        byte[] longer = Arrays.copyOf(record.value(), record.value().length + 3);

        assertThat(refusal(open(with(record, longer))).detail()).contains("trailing bytes");
    }

    @Test
    void everyRequiredHeaderMustBePresent() {
        for (String name : CloudEventHeaders.REQUIRED) {
            ProducerRecord<String, byte[]> record = sealed();
            record.headers().remove(name);

            assertThat(refusal(open(record))).as(name).isEqualTo(new Rejection.MissingHeader(name));
        }
    }

    @Test
    void duplicatedHeaderIsRefused() {
        ProducerRecord<String, byte[]> record = sealed();
        record.headers().add("ce_source", "/agencies/iom".getBytes(StandardCharsets.UTF_8));

        assertThat(refusal(open(record)).reason()).isEqualTo(RejectionReason.MALFORMED_HEADER);
    }

    @Test
    void indexedHeadersAreRefusedForTheSameMissingRepeatedOrEmptyHeaders() {
        for (String name : CloudEventHeaders.REQUIRED) {
            ProducerRecord<String, byte[]> missing = sealed();
            missing.headers().remove(name);
            ProducerRecord<String, byte[]> repeated = sealed();
            repeated.headers().add(name, repeated.headers().lastHeader(name).value());
            ProducerRecord<String, byte[]> empty = sealed();
            empty.headers().remove(name);
            empty.headers().add(name, null);

            for (ProducerRecord<String, byte[]> record : List.of(missing, repeated, empty)) {
                Opened plain = open(record);
                Opened indexed = codec.open(
                        new RecordOrigin(record.topic(), 0, 42, record.key()),
                        HeaderIndex.of(record.headers()),
                        record.value());
                assertThat(refusal(indexed)).as(name).isEqualTo(refusal(plain));
            }
            assertThat(refusal(open(repeated)))
                    .isEqualTo(new Rejection.MalformedHeader(name, "appears more than once"));
            assertThat(refusal(open(empty))).isEqualTo(new Rejection.MissingHeader(name));
        }
    }

    @Test
    void typeHeaderMustMatchTheBody() {
        ProducerRecord<String, byte[]> record = sealed();
        record.headers().remove("ce_type");
        record.headers().add("ce_type", "org.ddrrbus.events.ReferralAccepted".getBytes(StandardCharsets.UTF_8));

        assertThat(refusal(open(record)))
                .isEqualTo(new Rejection.TypeMismatch(
                        "org.ddrrbus.events.ReferralAccepted", "org.ddrrbus.events.ReferralIssued"));
    }

    @Test
    void keyMustBeTheSubject() {
        ProducerRecord<String, byte[]> record = sealed();
        ProducerRecord<String, byte[]> rekeyed =
                new ProducerRecord<>(record.topic(), null, "KE-OTHER", record.value(), record.headers());

        assertThat(refusal(open(rekeyed)).reason()).isEqualTo(RejectionReason.MALFORMED_HEADER);
    }

    @Test
    void oversizedRecordIsRefusedBeforeDecoding() {
        EventCodec small = new EventCodec(codec.catalogue(), 64);

        ProducerRecord<String, byte[]> record = sealed();
        Opened opened =
                small.open(new RecordOrigin(record.topic(), 0, 1, record.key()), record.headers(), record.value());

        assertThat(refusal(opened).reason()).isEqualTo(RejectionReason.OVERSIZED);
    }

    @Test
    void emptyValueIsRefused() {
        assertThat(refusal(open(with(sealed(), new byte[0]))).reason()).isEqualTo(RejectionReason.NOT_AVRO);
        assertThat(refusal(open(with(sealed(), null))).reason()).isEqualTo(RejectionReason.NOT_AVRO);
    }

    private static ProducerRecord<String, byte[]> with(ProducerRecord<String, byte[]> record, byte[] value) {
        Headers headers = new RecordHeaders(record.headers().toArray());
        return new ProducerRecord<>(record.topic(), null, record.key(), value, headers);
    }

    private static String header(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void withACipherAnEventAboutAPersonIsSealedOnTheWireAndOpensToTheSameEvent() {
        MemoryKeys keys = new MemoryKeys();
        EventCodec sealing = codec.sealingWith(new SubjectCipher(keys, type -> Period.ofYears(10)));
        ProducerRecord<String, byte[]> record = sealing.seal("ddrr.outbox.nctc", sealing.envelope("nctc", referral));

        assertThat(SubjectCipher.isSealed(record.value())).isTrue();
        assertThat(new String(record.value(), StandardCharsets.ISO_8859_1))
                .doesNotContain("Kwale", "REF-1", "CONSENT-1");
        assertThat(sealing.open(
                        new RecordOrigin(record.topic(), 0, 42, record.key()), record.headers(), record.value()))
                .isInstanceOfSatisfying(Opened.Valid.class, valid -> {
                    assertThat(valid.envelope().event()).isEqualTo(referral);
                    assertThat(valid.value()).isEqualTo(record.value());
                });

        Rejection withoutKey = refusal(open(record));
        assertThat(withoutKey.reason()).isEqualTo(RejectionReason.SUBJECT_ERASED);
        assertThat(withoutKey.detail()).startsWith("the content is sealed under the person's key KE-7Q2M-4XJD/P10Y/");

        keys.destroy("KE-7Q2M-4XJD");
        assertThat(refusal(sealing.open(
                        new RecordOrigin(record.topic(), 0, 42, record.key()), record.headers(), record.value())))
                .isInstanceOf(Rejection.KeyUnavailable.class);
    }

    @Test
    void aCodecThatRequiresSealingRefusesAPlainValueAboutAPersonAndOpensTheRest() {
        EventCodec sealedOnly = codec.sealingWith(new SubjectCipher(new MemoryKeys(), type -> Period.ofYears(10)))
                .requiringSealed();
        ProducerRecord<String, byte[]> plain = sealed();
        ProducerRecord<String, byte[]> sealed =
                sealedOnly.seal("ddrr.outbox.nctc", sealedOnly.envelope("nctc", referral));
        ProducerRecord<String, byte[]> erased = codec.seal(
                "ddrr.outbox.nctc",
                codec.envelope(
                        "nctc",
                        new org.ddrrbus.events.SubjectErased(
                                "KE-7Q2M-4XJD",
                                java.time.LocalDate.now(),
                                org.ddrrbus.events.ErasureReason.PERSON_REQUEST)));

        Rejection refused = refusal(
                sealedOnly.open(new RecordOrigin(plain.topic(), 0, 42, plain.key()), plain.headers(), plain.value()));

        assertThat(refused).isEqualTo(new Rejection.NotSealed("ReferralIssued"));
        assertThat(refused.reason()).isEqualTo(RejectionReason.MALFORMED_BODY);
        assertThat(sealedOnly.open(
                        new RecordOrigin(sealed.topic(), 0, 43, sealed.key()), sealed.headers(), sealed.value()))
                .isInstanceOf(Opened.Valid.class);
        assertThat(sealedOnly.open(
                        new RecordOrigin(erased.topic(), 0, 44, erased.key()), erased.headers(), erased.value()))
                .as("the erasure's own events stay plain")
                .isInstanceOf(Opened.Valid.class);
        assertThat(codec.open(new RecordOrigin(plain.topic(), 0, 42, plain.key()), plain.headers(), plain.value()))
                .as("a codec that does not require sealing reads it")
                .isInstanceOf(Opened.Valid.class);
    }

    @Test
    void aSealedValueUnderAnotherPersonsKeyIsRefused() {
        EventCodec sealing = codec.sealingWith(new SubjectCipher(new MemoryKeys(), type -> Period.ofYears(10)));
        ProducerRecord<String, byte[]> record = sealing.seal("ddrr.outbox.nctc", sealing.envelope("nctc", referral));
        record.headers().remove("ce_subject");
        record.headers().add("ce_subject", "KE-0THR-0001".getBytes(StandardCharsets.UTF_8));

        Rejection refused = refusal(
                sealing.open(new RecordOrigin(record.topic(), 0, 42, record.key()), record.headers(), record.value()));

        assertThat(refused.detail())
                .isEqualTo("header ce_subject does not match the person whose key the value is sealed under");
    }

    @Test
    void anyBytesAfterTheSealedMarkerAreRefusedNeverThrown() {
        MemoryKeys keys = new MemoryKeys();
        EventCodec sealing = codec.sealingWith(new SubjectCipher(keys, type -> Period.ofYears(10)));
        ProducerRecord<String, byte[]> record = sealing.seal("ddrr.outbox.nctc", sealing.envelope("nctc", referral));
        java.util.Random random = new java.util.Random(12);
        byte[] keyId = SubjectCipher.parse(record.value()).keyId().text().getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 500; i++) {
            byte[] value;
            if (i % 2 == 0) {
                // A key id that parses, then random ciphertext.
                value = Arrays.copyOf(record.value(), 5 + keyId.length + random.nextInt(64));
                for (int j = 5 + keyId.length; j < value.length; j++) {
                    value[j] = (byte) random.nextInt();
                }
            } else {
                value = new byte[2 + random.nextInt(80)];
                random.nextBytes(value);
                value[0] = SubjectCipher.MARKER_0;
                value[1] = SubjectCipher.MARKER_1;
            }
            Opened opened = sealing.open(new RecordOrigin(record.topic(), 0, i, record.key()), record.headers(), value);
            assertThat(opened).as("value %d", i).isInstanceOf(Opened.Refused.class);
        }
    }
}
