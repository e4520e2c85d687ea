package org.ddrrbus.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.ddrrbus.client.signing.Merkle;
import org.ddrrbus.client.signing.Seal;
import org.ddrrbus.client.signing.SignedContent;
import org.ddrrbus.client.signing.SigningKey;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JavaScript reader's signature code (clients/node-reader/lib/signatures.js, Node's own crypto only) computes the
 * same leaves, Merkle roots and Ed25519 verdicts as bus-client, for trees of every shape up to 7 leaves, and reads a
 * delivery's seal (version 2) as bus-client writes it. No broker:
 * OperableBusIT runs the whole reader against one.
 */
class NodeReaderSchemeTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void theJavaScriptReaderComputesWhatBusClientSigns() throws Exception {
        Optional<String> missing = NodeReader.missing();
        Assumptions.assumeTrue(missing.isEmpty(), () -> "skipped: " + missing.orElseThrow());
        Random random = new Random(15);
        List<Map<String, Object>> trees = new ArrayList<>();
        for (int count = 1; count <= 7; count++) {
            List<byte[]> leaves = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                byte[] leaf = new byte[32];
                random.nextBytes(leaf);
                leaves.add(leaf);
            }
            Merkle.Tree tree = Merkle.build(leaves);
            trees.add(Map.of(
                    "leaves", leaves.stream().map(HEX::formatHex).toList(),
                    "proofs", tree.proofs().stream().map(HEX::formatHex).toList(),
                    "root", HEX.formatHex(tree.root())));
        }
        RecordHeaders headers = new RecordHeaders();
        Map<String, String> shown = new LinkedHashMap<>();
        for (String[] h : new String[][] {
            {"ce_specversion", "1.0"},
            {"ce_id", "e-1"},
            {"ce_source", "/agencies/nctc"},
            {"ce_type", "org.ddrrbus.events.ReturneeRegistered"},
            {"ce_time", "2026-12-04T10:00:00Z"},
            {"ce_subject", "KE-7Q2M-4XJD"},
            {"content-type", "application/avro"},
            {"ddrr_purpose", "oversight"},
            {"ddrr_legal_basis", "statute"},
            {"ddrr_ledger_time", "2026-12-04T10:00:01Z"}
        }) {
            headers.add(h[0], h[1].getBytes(StandardCharsets.UTF_8));
            shown.put(h[0], HEX.formatHex(h[1].getBytes(StandardCharsets.UTF_8)));
        }
        byte[] sequence = ByteBuffer.allocate(8).putLong(1_764_842_400_000_123L).array();
        headers.add("ddrr_sig_seq", sequence);
        shown.put("ddrr_sig_seq", HEX.formatHex(sequence));
        byte[] value = {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 42};
        byte[] eventLeaf = SignedContent.eventLeaf(headers, value);
        byte[] deliveryLeaf = SignedContent.deliveryLeaf(eventLeaf, "ddrr.inbox.iom", headers, value);
        SigningKey key = SigningKey.generate("exchange");
        byte[] signature = key.sign(eventLeaf);

        JsonNode js = node(Map.of(
                "trees", trees,
                "headers", shown,
                "value", HEX.formatHex(value),
                "publicKey", HEX.formatHex(key.publicKey()),
                "signature", HEX.formatHex(signature)));

        for (int t = 0; t < trees.size(); t++) {
            for (JsonNode root : js.get("roots").get(t)) {
                assertThat(root.asString())
                        .as("tree of " + (t + 1))
                        .isEqualTo(trees.get(t).get("root"));
            }
        }
        assertThat(js.get("eventLeaf").asString()).isEqualTo(HEX.formatHex(eventLeaf));
        assertThat(js.get("deliveryLeaf").asString()).isEqualTo(HEX.formatHex(deliveryLeaf));
        assertThat(js.get("keyId").asString()).isEqualTo(key.keyId());
        assertThat(js.get("verifies").asBoolean()).isTrue();
        assertThat(js.get("verifiesAltered").asBoolean()).isFalse();
        assertThat(js.get("longProofRefused").asBoolean()).isTrue();
    }

    @Test
    void theJavaScriptReaderReadsASealAsBusClientWritesIt() throws Exception {
        Optional<String> missing = NodeReader.missing();
        Assumptions.assumeTrue(missing.isEmpty(), () -> "skipped: " + missing.orElseThrow());
        RecordHeaders headers = new RecordHeaders();
        Map<String, String> shown = new LinkedHashMap<>();
        for (String[] h : new String[][] {
            {"ce_specversion", "1.0"},
            {"ce_id", "e-2"},
            {"ce_source", "/agencies/iom"},
            {"ce_type", "org.ddrrbus.events.BorderReturnRecorded"},
            {"ce_time", "2026-12-05T10:00:00Z"},
            {"ce_subject", "KE-7Q2M-4XJD"},
            {"content-type", "application/avro"},
            {"ddrr_purpose", "border-management"},
            {"ddrr_legal_basis", "statute"},
            {"ddrr_withheld", "returnedFrom"}
        }) {
            headers.add(h[0], h[1].getBytes(StandardCharsets.UTF_8));
            shown.put(h[0], HEX.formatHex(h[1].getBytes(StandardCharsets.UTF_8)));
        }
        byte[] value = {(byte) 0xC3, 0x01, 9, 8, 7, 6, 5, 4, 3, 2, 1};
        byte[] sequence = ByteBuffer.allocate(8).putLong(1_764_928_800_000_007L).array();
        byte[] senderLeaf = SignedContent.eventLeaf(headers, value, sequence);
        SigningKey iom = SigningKey.generate("iom");
        SigningKey exchange = SigningKey.generate("exchange");
        byte[] prefix = Seal.delivery(
                iom.keyId().getBytes(StandardCharsets.UTF_8),
                iom.sign(senderLeaf),
                Merkle.build(List.of(senderLeaf)).proofs().get(0),
                sequence,
                senderLeaf,
                1_764_928_801_234L);
        Seal unsigned = Seal.parse(prefix);
        byte[] deliveryLeaf = SignedContent.sealedDeliveryLeaf(unsigned, "ddrr.inbox.nctc", headers, value);
        byte[] sealed = unsigned.countersigned(
                exchange.keyId().getBytes(StandardCharsets.UTF_8),
                exchange.sign(deliveryLeaf),
                Merkle.build(List.of(deliveryLeaf)).proofs().get(0));

        String script = """
                const s = require('./lib/signatures')
                const { parseSeal } = require('./lib/seal')
                const input = JSON.parse(require('fs').readFileSync(0, 'utf8'))
                const hex = h => Buffer.from(h, 'hex')
                const headers = Object.fromEntries(Object.entries(input.headers).map(([k, v]) => [k, hex(v)]))
                const value = hex(input.value)
                const seal = parseSeal(hex(input.seal))
                const refused = bytes => { try { parseSeal(bytes); return false } catch (e) { return true } }
                const bytes = hex(input.seal)
                const otherVersion = Buffer.from(bytes); otherVersion[0] = 3
                console.log(JSON.stringify({
                  keyId: seal.keyId.toString('utf8'),
                  exchangeKeyId: seal.exchange.keyId.toString('utf8'),
                  ledgerTime: seal.ledgerTime,
                  senderLeaf: seal.senderLeaf.toString('hex'),
                  eventLeaf: s.eventLeaf(headers, value, seal.sequence).toString('hex'),
                  deliveryLeaf: s.sealedDeliveryLeaf(seal, 'ddrr.inbox.nctc', headers, value).toString('hex'),
                  refusesTrailing: refused(Buffer.concat([bytes, Buffer.alloc(1)])),
                  refusesCut: refused(bytes.subarray(0, bytes.length - 1)),
                  refusesVersion: refused(otherVersion),
                }))
                """;
        JsonNode js =
                run(script, Map.of("headers", shown, "value", HEX.formatHex(value), "seal", HEX.formatHex(sealed)));

        assertThat(js.get("keyId").asString()).isEqualTo(iom.keyId());
        assertThat(js.get("exchangeKeyId").asString()).isEqualTo(exchange.keyId());
        assertThat(js.get("ledgerTime").asLong()).isEqualTo(1_764_928_801_234L);
        assertThat(js.get("senderLeaf").asString()).isEqualTo(HEX.formatHex(senderLeaf));
        assertThat(js.get("eventLeaf").asString()).isEqualTo(HEX.formatHex(senderLeaf));
        assertThat(js.get("deliveryLeaf").asString()).isEqualTo(HEX.formatHex(deliveryLeaf));
        assertThat(js.get("refusesTrailing").asBoolean()).isTrue();
        assertThat(js.get("refusesCut").asBoolean()).isTrue();
        assertThat(js.get("refusesVersion").asBoolean()).isTrue();
    }

    private static JsonNode node(Map<String, Object> input) throws Exception {
        String script = """
                const s = require('./lib/signatures')
                const input = JSON.parse(require('fs').readFileSync(0, 'utf8'))
                const hex = h => Buffer.from(h, 'hex')
                const headers = Object.fromEntries(Object.entries(input.headers).map(([k, v]) => [k, hex(v)]))
                const value = hex(input.value)
                const eventLeaf = s.eventLeaf(headers, value)
                const signature = hex(input.signature)
                const altered = Buffer.from(signature); altered[0] ^= 1
                let longProofRefused = false
                try { s.rootOf(hex(input.trees[0].leaves[0]), Buffer.concat([hex(input.trees[0].proofs[0]), Buffer.alloc(32)])) }
                catch (e) { longProofRefused = true }
                console.log(JSON.stringify({
                  roots: input.trees.map(t => t.leaves.map((l, i) => s.rootOf(hex(l), hex(t.proofs[i])).toString('hex'))),
                  eventLeaf: eventLeaf.toString('hex'),
                  deliveryLeaf: s.deliveryLeaf(eventLeaf, 'ddrr.inbox.iom', headers, value).toString('hex'),
                  keyId: s.keyId('exchange', hex(input.publicKey)),
                  verifies: s.ed25519Verify(hex(input.publicKey), eventLeaf, signature),
                  verifiesAltered: s.ed25519Verify(hex(input.publicKey), eventLeaf, altered),
                  longProofRefused,
                }))
                """;
        return run(script, input);
    }

    /** Runs {@code script} with node in the reader's folder, {@code input} as JSON on its standard input. */
    private static JsonNode run(String script, Map<String, Object> input) throws Exception {
        Process process = new ProcessBuilder("node", "-e", script)
                .directory(NodeReader.DIR.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        process.getOutputStream().write(JSON.writeValueAsBytes(input));
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return JSON.readTree(output);
    }
}
