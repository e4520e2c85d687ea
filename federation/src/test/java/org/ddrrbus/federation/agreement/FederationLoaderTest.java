package org.ddrrbus.federation.agreement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.ddrrbus.client.agreement.AgreementException;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.envelope.FederationSeal;
import org.ddrrbus.events.EventCatalogue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FederationLoaderTest {

    private static final SharingAgreement NATIONAL = AgreementLoader.loadDefault();
    private static final FederationLoader LOADER =
            new FederationLoader(EventCatalogue.get(), Map.of("ke", NATIONAL, "so", NATIONAL));

    private static String shipped() throws Exception {
        return Files.readString(Path.of("../config/federation-agreement.yaml"));
    }

    @Test
    void theShippedAgreementLoadsWithItsFlows() throws Exception {
        FederationAgreement agreement = LOADER.parse(shipped(), "federation-agreement.yaml");

        assertThat(agreement.version()).isEqualTo(1);
        assertThat(agreement.bus("so").subjectPrefix()).isEqualTo("SO-");
        assertThat(agreement.flow("so", "ke", "BorderReturnRecorded", "iom")).hasValueSatisfying(flow -> {
            assertThat(flow.recipients()).containsExactly("nctc");
            assertThat(flow.fields()).doesNotContain("returnedFrom");
            assertThat(flow.purpose()).isEqualTo("border-management");
        });
        assertThat(agreement.flow("ke", "so", "BorderReturnRecorded", "iom")).isEmpty();
        assertThat(agreement.flow("so", "ke", "RiskAssessed", "nctc")).isEmpty();
    }

    @Test
    void aFlowTheSenderMayNotSendAtHomeIsRefusedWithItsLine() throws Exception {
        // nctc may not send BorderReturnRecorded under the national agreement (only iom may).
        String text = shipped()
                .replace("    senders: [iom]\n    recipients: [nctc]", "    senders: [nctc]\n    recipients: [nctc]");
        int line = lineOf(text, "senders: [nctc]");

        assertThatThrownBy(() -> LOADER.parse(text, "federation-agreement.yaml"))
                .isInstanceOf(AgreementException.class)
                .hasMessage("federation-agreement.yaml:" + line + ": contradicts the sharing agreement of so: nctc may"
                        + " not send BorderReturnRecorded there, so it cannot send it across");
    }

    @Test
    void aRecipientTheReceivingAgreementDoesNotServeIsRefusedWithItsLine() throws Exception {
        // cicc receives no BorderReturnRecorded under the national agreement.
        String text = shipped().replace("recipients: [nctc]", "recipients: [cicc]");
        int line = lineOf(text, "recipients: [cicc]");

        assertThatThrownBy(() -> LOADER.parse(text, "federation-agreement.yaml"))
                .hasMessage("federation-agreement.yaml:" + line + ": contradicts the sharing agreement of ke: cicc may"
                        + " not receive BorderReturnRecorded there");
    }

    @Test
    void unknownRecipientsPurposesFieldsAndKeysAreRefusedAllAtOnce() throws Exception {
        String text = shipped()
                .replace("recipients: [nctc]", "recipients: [police]")
                .replace("fields: [subjectRef, county, borderPoint, recordedOn]", "fields: [subjectRef, name]")
                .replace("    keys: {}\n  so:", "    keys:\n      exchange/abc: bm90IGEga2V5\n  so:");

        assertThatThrownBy(() -> LOADER.parse(text, "f.yaml"))
                .isInstanceOf(AgreementException.class)
                .satisfies(e -> assertThat(((AgreementException) e).problems())
                        .extracting(AgreementException.Problem::message)
                        .containsExactlyInAnyOrder(
                                "key 'exchange/abc' of bus ke is not a base64 Ed25519 public key whose fingerprint is"
                                        + " its id",
                                "contradicts the sharing agreement of ke: it has no agency 'police' with an inbox",
                                "unknown field 'name' of BorderReturnRecorded",
                                "field 'county' of BorderReturnRecorded must cross: only optional fields can be"
                                        + " withheld",
                                "field 'recordedOn' of BorderReturnRecorded must cross: only optional fields can be"
                                        + " withheld"));
    }

    @Test
    void aSealingKeyIsOneHpkePublicKeyOrRefusedWithItsLineAndWithoutOneNothingIsSealedToThatBus(@TempDir Path home)
            throws Exception {
        String key = FederationSeal.keyPair(home.resolve("sealing-key.json")).publicKey();
        String good = shipped().replace("    keys: {}\n  so:", "    keys: {}\n    sealingKey: " + key + "\n  so:");
        FederationAgreement agreement = LOADER.parse(good, "federation-agreement.yaml");

        assertThat(agreement.bus("ke").sealingKey()).hasValue(key);
        assertThat(agreement.bus("ke").sealTo()).isNotNull();
        assertThatThrownBy(() -> agreement.bus("so").sealTo())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("the federation agreement lists no sealingKey of bus so");
        String bad = shipped().replace("    keys: {}\n  so:", "    keys: {}\n    sealingKey: bm90IGEga2V5\n  so:");
        int line = lineOf(bad, "sealingKey: bm90");
        assertThatThrownBy(() -> LOADER.parse(bad, "federation-agreement.yaml"))
                .isInstanceOf(AgreementException.class)
                .hasMessage("federation-agreement.yaml:" + line + ": sealingKey of bus ke is not a base64 Tink public"
                        + " keyset of one HPKE X25519/HKDF-SHA256/AES-256-GCM key");
    }

    @Test
    void aKeyHolderIsHttpsOrLoopbackHttpOrRefusedWithItsLine() throws Exception {
        FederationAgreement shipped = LOADER.parse(shipped(), "federation-agreement.yaml");
        assertThat(shipped.bus("ke").keyHolder()).hasValue(java.net.URI.create("https://127.0.0.1:8096"));
        assertThat(shipped.bus("so").keyHolder()).hasValue(java.net.URI.create("https://127.0.0.1:8196"));

        String good = shipped()
                .replace("keyHolder: https://127.0.0.1:8096", "keyHolder: http://127.0.0.1:8099")
                .replace("    keyHolder: https://127.0.0.1:8196\n", "");
        FederationAgreement agreement = LOADER.parse(good, "federation-agreement.yaml");
        assertThat(agreement.bus("ke").keyHolder()).hasValue(java.net.URI.create("http://127.0.0.1:8099"));
        assertThat(agreement.bus("so").keyHolder()).isEmpty();

        String bad = shipped().replace("keyHolder: https://127.0.0.1:8096", "keyHolder: http://keys.example:8099");
        int line = lineOf(bad, "keyHolder: http://keys");
        assertThatThrownBy(() -> LOADER.parse(bad, "federation-agreement.yaml"))
                .isInstanceOf(AgreementException.class)
                .hasMessageStartingWith("federation-agreement.yaml:" + line + ": keyHolder of bus ke: the key holder's"
                        + " address http://keys.example:8099 must be https:");
    }

    @Test
    void aKeyHolderOverHttpsNeedsTheBusCaCertificateTheOtherBusTrustsForIt() throws Exception {
        String noCa = shipped().replace("    caCertificate: data-so/operator/ca/ca.crt\n", "");
        int line = lineOf(noCa, "keyHolder: https://127.0.0.1:8196");
        assertThatThrownBy(() -> LOADER.parse(noCa, "federation-agreement.yaml"))
                .isInstanceOf(AgreementException.class)
                .hasMessage("federation-agreement.yaml:" + line + ": keyHolder of bus so is https: list its"
                        + " caCertificate, the only CA the other bus trusts for it");
    }

    @Test
    void refusalsAreNeverListedAndOneBusIsNoFederation() {
        String text = """
                version: 1
                buses:
                  ke: {subjectPrefix: KE-}
                flows:
                  - {type: DeliveryRejected, from: ke, to: so, senders: [iom], recipients: [iom],
                     purpose: oversight, legalBasis: x, consent: not-required, fields: all}
                """;

        assertThatThrownBy(() -> LOADER.parse(text, "f.yaml"))
                .hasMessage("f.yaml:3: a federation links exactly two buses, not 1\n"
                        + "f.yaml:5: DeliveryRejected cannot be listed: refusals cross back by themselves");
    }

    @Test
    void anErasureAndItsConfirmationAreNeverListed() {
        String text = """
                version: 1
                buses:
                  ke: {subjectPrefix: KE-}
                  so: {subjectPrefix: SO-}
                flows:
                  - {type: SubjectErased, from: ke, to: so, senders: [nctc], recipients: [nctc],
                     purpose: oversight, legalBasis: x, consent: not-required, fields: all}
                """;

        assertThatThrownBy(() -> LOADER.parse(text, "f.yaml"))
                .hasMessageContaining("f.yaml:6: SubjectErased cannot be listed: an erasure crosses by itself from the"
                        + " bus that issued the case code, and its confirmation back");
    }

    private static int lineOf(String text, String needle) {
        String before = text.substring(0, text.indexOf(needle));
        return (int) before.chars().filter(c -> c == '\n').count() + 1;
    }
}
