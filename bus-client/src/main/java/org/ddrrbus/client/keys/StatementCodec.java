package org.ddrrbus.client.keys;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.ddrrbus.client.signing.RegisteredKey;

/**
 * The wire form of a statement: Avro single-object encoding ({@code C3 01}, the schema's fingerprint, the body) of the
 * {@code SigningKeyEntry} record, whose versioned schemas are packaged under {@code ddrr-directory-schemas/} and held
 * to the same compatibility gate as the events. Read as generic records: any Avro library can read the directory.
 */
final class StatementCodec {

    private static final String ROOT = "/ddrr-directory-schemas/";
    private static final String RECORD = "SigningKeyEntry";

    private final Schema latest;
    private final BinaryMessageEncoder<GenericRecord> encoder;
    private final BinaryMessageDecoder<GenericRecord> decoder;

    StatementCodec() {
        List<Schema> versions = versions();
        this.latest = versions.get(versions.size() - 1);
        this.encoder = new BinaryMessageEncoder<>(GenericData.get(), latest);
        this.decoder = new BinaryMessageDecoder<>(GenericData.get(), latest);
        versions.forEach(decoder::addSchema);
    }

    byte[] encode(KeyStatement statement) {
        RegisteredKey key = statement.key();
        GenericRecord entry = new GenericData.Record(latest);
        entry.put("keyId", key.keyId());
        entry.put("principal", key.principal());
        entry.put(
                "publicKey", new GenericData.Fixed(latest.getField("publicKey").schema(), key.publicKey()));
        entry.put("validFrom", key.validFrom().toEpochMilli());
        entry.put("validUntil", key.validUntil().map(Instant::toEpochMilli).orElse(null));
        entry.put("revokedFrom", key.revokedFrom().map(Instant::toEpochMilli).orElse(null));
        entry.put("statedAt", statement.statedAt().toEpochMilli());
        try {
            ByteBuffer encoded = encoder.encode(entry);
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The statement a value holds; refuses anything that is not a well-formed entry in one line. */
    KeyStatement decode(byte[] value) {
        GenericRecord entry;
        try {
            entry = decoder.decode(value);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a " + RECORD + " in Avro single-object encoding");
        }
        try {
            RegisteredKey key = new RegisteredKey(
                    entry.get("keyId").toString(),
                    entry.get("principal").toString(),
                    ((GenericFixed) entry.get("publicKey")).bytes(),
                    Instant.ofEpochMilli((Long) entry.get("validFrom")),
                    instant(entry.get("validUntil")),
                    instant(entry.get("revokedFrom")));
            return new KeyStatement(key, Instant.ofEpochMilli((Long) entry.get("statedAt")));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("a malformed " + RECORD + ": " + e.getMessage());
        }
    }

    private static Optional<Instant> instant(Object millis) {
        return Optional.ofNullable(millis).map(m -> Instant.ofEpochMilli((Long) m));
    }

    /** Every packaged version of the entry's schema, oldest first. */
    private static List<Schema> versions() {
        List<String> files = new ArrayList<>(read("index")
                .lines()
                .filter(line -> line.startsWith(RECORD + "/"))
                .toList());
        files.sort(Comparator.comparingInt(StatementCodec::version));
        if (files.isEmpty()) {
            throw new IllegalStateException("no schema of " + RECORD + " under " + ROOT);
        }
        return files.stream().map(f -> new Schema.Parser().parse(read(f))).toList();
    }

    private static int version(String path) {
        return Integer.parseInt(path.substring(path.indexOf("/v") + 2, path.indexOf(".avsc")));
    }

    private static String read(String path) {
        try (InputStream in = StatementCodec.class.getResourceAsStream(ROOT + path)) {
            if (in == null) {
                throw new IllegalStateException("schema resource missing: " + ROOT + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
