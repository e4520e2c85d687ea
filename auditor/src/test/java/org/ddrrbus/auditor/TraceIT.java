package org.ddrrbus.auditor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.ddrrbus.client.agreement.Agency;
import org.ddrrbus.client.envelope.SubjectKeyId;
import org.ddrrbus.client.subjectkeys.SubjectKeyRequest;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.ConsentRecorded;
import org.ddrrbus.events.Phase;
import org.ddrrbus.events.PhaseChangeReason;
import org.ddrrbus.events.PhaseChanged;
import org.ddrrbus.events.Priority;
import org.ddrrbus.events.ReferralIssued;
import org.ddrrbus.events.RiskAssessed;
import org.ddrrbus.events.RiskFactor;
import org.ddrrbus.events.RiskLevel;
import org.ddrrbus.events.ServiceKind;
import org.ddrrbus.exchange.ExchangeApplication;
import org.ddrrbus.exchange.subjectkeys.KeyService;
import org.ddrrbus.testing.TestBus;
import org.ddrrbus.testing.Wire;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A person's case through the real exchange, then audited: the person consented to mentorship only, so the
 * interfaith council hears of their phase and risk (without the reason and factors), the county hears of their
 * registration (without the return route) but not their phase, and the reintegration programme hears nothing.
 */
class TraceIT {

    /** Every folder this test makes, removed after it. */
    @TempDir
    static Path scratch;

    private static final TestBus bus = TestBus.shared();
    private static final String SUBJECT =
            "KE-TRCE-" + UUID.randomUUID().toString().substring(0, 4).toUpperCase();
    private static ConfigurableApplicationContext exchange;

    /** What one inbox record says about who got what, read straight from the inbox, not through the auditor. */
    record Held(
            String agency,
            String topic,
            int partition,
            long offset,
            String sender,
            String eventType,
            String purpose,
            String withheld) {}

    @BeforeAll
    static void aCaseGoesThroughTheExchange() throws Exception {
        exchange = ExchangeApplication.application()
                .run(
                        "--ddrr.bus.bootstrap-servers=" + bus.bootstrapServers(),
                        "--ddrr.bus.password=" + bus.passwordOf("exchange"),
                        "--ddrr.bus.keys-dir=" + bus.keysDir(),
                        "--ddrr.exchange.state-dir=" + scratch.resolve("auditor-trace-it"),
                        "--server.tomcat.basedir="
                                + scratch.resolve("auditor-trace-it").resolve("tomcat"));
        LocalDate today = LocalDate.now();
        bus.publish(
                "nctc",
                Wire.registered(SUBJECT),
                new ConsentRecorded(SUBJECT, "C-" + SUBJECT, List.of("mentorship"), today, null),
                new PhaseChanged(
                        SUBJECT,
                        "Kwale",
                        Phase.DISENGAGEMENT,
                        Phase.DERADICALISATION,
                        PhaseChangeReason.ASSESSMENT_COMPLETED,
                        today),
                new RiskAssessed(SUBJECT, RiskLevel.MEDIUM, List.of(RiskFactor.FAMILY_SUPPORT), today, null),
                new ReferralIssued(
                        SUBJECT,
                        "REF-" + SUBJECT,
                        "cicc",
                        "Kwale",
                        List.of(ServiceKind.MENTORSHIP),
                        Priority.WITHIN_2_WEEKS,
                        "mentorship",
                        "C-" + SUBJECT));
        bus.awaitRecords("auditor", Topics.inbox("nctc"), r -> SUBJECT.equals(r.key()), 5);
        bus.awaitRecords("auditor", Topics.inbox("cicc"), r -> SUBJECT.equals(r.key()), 3);
        bus.awaitRecords("auditor", Topics.inbox("county"), r -> SUBJECT.equals(r.key()), 1);
    }

    @AfterAll
    static void stop() {
        exchange.close();
    }

    private static String text(ConsumerRecord<String, byte[]> record, String header) {
        Header found = record.headers().lastHeader(header);
        return found == null ? "" : new String(found.value(), StandardCharsets.UTF_8);
    }

    private static Set<Held> whatTheInboxesHold() {
        Set<Held> held = new HashSet<>();
        for (Agency agency : bus.agreement().exchangingAgencies()) {
            for (ConsumerRecord<String, byte[]> r : bus.readAll("auditor", Topics.inbox(agency.id()))) {
                if (SUBJECT.equals(r.key())) {
                    held.add(new Held(
                            agency.id(),
                            r.topic(),
                            r.partition(),
                            r.offset(),
                            text(r, "ce_source").substring("/agencies/".length()),
                            text(r, "ce_type").substring("org.ddrrbus.events.".length()),
                            text(r, "ddrr_purpose"),
                            text(r, "ddrr_withheld")));
                }
            }
        }
        return held;
    }

    @Test
    void traceAnswersExactlyWhatTheInboxesHoldAboutThePerson() {
        Audit.Result run = Audit.run(bus, "trace", SUBJECT, "--purpose", "oversight");

        assertThat(run.exit()).as(run.err()).isZero();
        List<JsonNode> lines = run.json();
        Set<Held> traced = new HashSet<>();
        for (JsonNode line : lines) {
            List<String> withheld = new ArrayList<>();
            line.get("withheld").forEach(f -> withheld.add(f.asText()));
            traced.add(new Held(
                    line.get("agency").asText(),
                    line.get("topic").asText(),
                    line.get("partition").asInt(),
                    line.get("offset").asLong(),
                    line.get("sender").asText(),
                    line.get("eventType").asText(),
                    line.get("purpose").isNull() ? "" : line.get("purpose").asText(),
                    String.join(",", withheld)));
            assertThat(line.get("verification").get("status").asText()).isEqualTo("verified");
        }
        assertThat(lines).hasSameSizeAs(traced);
        assertThat(traced).isEqualTo(whatTheInboxesHold());
        assertThat(traced)
                .extracting(Held::agency, Held::eventType, Held::purpose, Held::withheld)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("nctc", "ReturneeRegistered", "", ""),
                        org.assertj.core.groups.Tuple.tuple("nctc", "ConsentRecorded", "", ""),
                        org.assertj.core.groups.Tuple.tuple("nctc", "PhaseChanged", "", ""),
                        org.assertj.core.groups.Tuple.tuple("nctc", "RiskAssessed", "", ""),
                        org.assertj.core.groups.Tuple.tuple("nctc", "ReferralIssued", "", ""),
                        org.assertj.core.groups.Tuple.tuple(
                                "county", "ReturneeRegistered", "community-services", "returnRoute"),
                        org.assertj.core.groups.Tuple.tuple("cicc", "PhaseChanged", "mentorship", "reason"),
                        org.assertj.core.groups.Tuple.tuple("cicc", "RiskAssessed", "mentorship", "factors"),
                        org.assertj.core.groups.Tuple.tuple("cicc", "ReferralIssued", "mentorship", ""));
        assertThat(lines).extracting(line -> line.get("kind").asText()).containsOnly("own-copy", "delivery");
    }

    @Test
    void traceShowsTheKeyHoldersAnswersAboutThePersonAndVerifyAcceptsThem() {
        // Another person, so that the other traces of this class see no key answer.
        String person =
                "KE-KEYS-" + UUID.randomUUID().toString().substring(0, 4).toUpperCase();
        SubjectKeyId id = SubjectKeyId.of(person, Period.ofYears(10), Instant.now());
        KeyService holder = exchange.getBean(KeyService.class);
        assertThat(holder.answer(SubjectKeyRequest.sign(
                                bus.signingKey("nctc"), SubjectKeyRequest.Use.SEAL, id, Instant.now()))
                        .status())
                .isEqualTo(200);
        assertThat(holder.answer(SubjectKeyRequest.sign(
                                bus.signingKey("cicc"), SubjectKeyRequest.Use.OPEN, id, Instant.now()))
                        .status())
                .isEqualTo(403);
        // The refusal was answered without waiting for its record.
        bus.awaitRecords("auditor", Topics.KEY_GRANTS, r -> person.equals(r.key()), 2);

        Audit.Result run = Audit.run(bus, "trace", person, "--purpose", "oversight");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.json())
                .extracting(
                        line -> line.get("agency").asText(),
                        line -> line.get("kind").asText(),
                        line -> line.get("subjectKey").get("use").asText(),
                        line -> line.get("verification").get("status").asText())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("nctc", "key-granted", "seal", "verified"),
                        org.assertj.core.groups.Tuple.tuple("cicc", "key-refused", "open", "verified"));
        Audit.Result verify = Audit.run(bus, "verify", "--topic", Topics.KEY_GRANTS, "--purpose", "oversight");
        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.lines().get(0)).startsWith(Topics.KEY_GRANTS + ": ").contains(" 0 policy violation");
    }

    @Test
    void traceAsATableHasAHeaderAndOneRowPerInboxRecord() {
        Audit.Result run = Audit.run(bus, "trace", SUBJECT, "--purpose", "oversight", "--format", "table");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.lines()).hasSize(10);
        assertThat(run.lines().get(0)).startsWith("DELIVERED AT").contains("AGENCY", "PURPOSE", "WITHHELD");
        assertThat(run.lines())
                .anySatisfy(line -> assertThat(line)
                        .contains("county", "ReturneeRegistered", "community-services", "returnRoute", "verified"));
    }

    @Test
    void everyInboxTheExchangeWroteVerifiesAgainstTheAgreement() {
        for (Agency agency : bus.agreement().exchangingAgencies()) {
            Audit.Result run = Audit.run(bus, "verify", "--topic", Topics.inbox(agency.id()), "--purpose", "oversight");

            assertThat(run.exit()).as(run.out() + run.err()).isZero();
            assertThat(run.lines())
                    .singleElement()
                    .asString()
                    .startsWith(Topics.inbox(agency.id()) + ": ")
                    .endsWith(
                            " 0 bad signature, 0 key revoked, 0 key not valid, 0 unsigned, 0 unknown schema, 0 malformed,"
                                    + " 0 policy violation");
        }
    }

    @Test
    void replayRedactsWhatTheAgreementWithholdsUnlessThePurposeIsOversight() {
        Audit.Result casework = Audit.run(
                bus,
                "replay",
                "--topic",
                Topics.outbox("nctc"),
                "--subject",
                SUBJECT,
                "--type",
                "ReturneeRegistered",
                "--purpose",
                "case-management");
        Audit.Result oversight = Audit.run(
                bus,
                "replay",
                "--topic",
                Topics.outbox("nctc"),
                "--subject",
                SUBJECT,
                "--type",
                "ReturneeRegistered",
                "--purpose",
                "oversight");

        assertThat(casework.json()).singleElement().satisfies(line -> {
            assertThat(line.get("event").get("returnRoute").asText()).isEqualTo("[redacted]");
            assertThat(line.get("event").get("county").asText()).isEqualTo("Kwale");
            assertThat(line.get("redacted").toString()).isEqualTo("[\"returnRoute\"]");
        });
        assertThat(oversight.json())
                .singleElement()
                .satisfies(
                        line -> assertThat(line.get("event").get("returnRoute").asText())
                                .isEqualTo("VOLUNTARY_SURRENDER"));
    }

    @Test
    void replayOfAnInboxShowsTheTermsAndTheWithheldFieldEmpty() {
        Audit.Result run = Audit.run(
                bus,
                "replay",
                "--topic",
                Topics.inbox("county"),
                "--subject",
                SUBJECT,
                "--purpose",
                "community-services");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.json()).singleElement().satisfies(line -> {
            assertThat(line.get("verification").toString())
                    .isEqualTo("{\"status\":\"verified\",\"signedBy\":[\"nctc\",\"exchange\"]}");
            assertThat(line.get("delivery").get("purpose").asText()).isEqualTo("community-services");
            assertThat(line.get("delivery").get("withheld").toString()).isEqualTo("[\"returnRoute\"]");
            assertThat(line.get("event").get("returnRoute").isNull()).isTrue();
        });
    }

    @Test
    void anAvroExportIsReadBackWithAPlainAvroReader(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cicc.avro");

        Audit.Result run = Audit.run(
                bus,
                "export",
                "--topic",
                Topics.inbox("cicc"),
                "--subject",
                SUBJECT,
                "--format",
                "avro",
                "--output",
                file.toString(),
                "--purpose",
                "mentorship");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.lines()).containsExactly("exported 3 records of ddrr.inbox.cicc to " + file + " (avro)");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        List<GenericRecord> rows = new ArrayList<>();
        try (DataFileReader<GenericRecord> reader =
                new DataFileReader<>(new File(file.toString()), new GenericDatumReader<>())) {
            reader.forEach(rows::add);
        }
        assertThat(rows)
                .extracting(r -> r.get("eventType").toString())
                .containsExactly("PhaseChanged", "RiskAssessed", "ReferralIssued");
        assertThat(rows).extracting(r -> r.get("verification").toString()).containsOnly("verified");
        GenericRecord phase = (GenericRecord) rows.get(0).get("event");
        assertThat(phase.get("toPhase").toString()).isEqualTo("DERADICALISATION");
        assertThat(phase.get("reason")).isNull();
        assertThat(rows.get(0).get("withheld").toString()).isEqualTo("[reason]");
    }

    @Test
    void jsonlAndCsvExportsHoldOneLinePerRecord(@TempDir Path dir) {
        Path jsonl = dir.resolve("nctc.jsonl");
        Path csv = dir.resolve("nctc.csv");

        Audit.Result asJson = Audit.run(
                bus,
                "export",
                "--topic",
                Topics.inbox("nctc"),
                "--subject",
                SUBJECT,
                "--format",
                "jsonl",
                "--output",
                jsonl.toString(),
                "--purpose",
                "oversight");
        Audit.Result asCsv = Audit.run(
                bus,
                "export",
                "--topic",
                Topics.inbox("nctc"),
                "--subject",
                SUBJECT,
                "--format",
                "CSV",
                "--output",
                csv.toString(),
                "--purpose",
                "oversight");

        assertThat(asJson.exit()).as(asJson.err()).isZero();
        assertThat(asCsv.exit()).as(asCsv.err()).isZero();
        assertThat(jsonl).content().hasLineCount(5);
        assertThat(csv).content().hasLineCount(6).startsWith("topic,partition,offset,");
    }
}
