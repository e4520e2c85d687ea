package org.ddrrbus.state;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Reads and writes the exchange's per-person state in Avro single-object encoding, like events: each value names the
 * version of {@link SubjectState} it was written with by fingerprint, so an exchange on a later version reads the
 * changelog an earlier one wrote. Every version is packaged under {@code ddrr-state-schemas/}, apart from the event
 * catalogue: state is never an event.
 */
public final class StateCodec {

    private static final String ROOT = "/ddrr-state-schemas/";

    static {
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
                ClassSecurityValidator.getGlobal(),
                type -> StateCodec.class.getPackageName().equals(type.getPackageName())));
    }

    private static final SpecificData MODEL = SpecificData.getForClass(SubjectState.class);
    private static final BinaryMessageEncoder<SubjectState> ENCODER =
            new BinaryMessageEncoder<>(MODEL, SubjectState.getClassSchema());
    private static final BinaryMessageDecoder<SubjectState> DECODER = decoder();

    private StateCodec() {}

    public static byte[] encode(SubjectState state) {
        try {
            ByteBuffer buffer = ENCODER.encode(state);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SubjectState decode(byte[] bytes) {
        try {
            return DECODER.decode(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable subject state", e);
        }
    }

    /** Whether the bytes are single-object encoded ({@code C3 01}), as every state written since v1 is. */
    public static boolean isSingleObject(byte[] bytes) {
        return bytes.length >= 10 && bytes[0] == (byte) 0xC3 && bytes[1] == (byte) 0x01;
    }

    private static BinaryMessageDecoder<SubjectState> decoder() {
        BinaryMessageDecoder<SubjectState> decoder = new BinaryMessageDecoder<>(MODEL, SubjectState.getClassSchema());
        for (String path : read("index").lines().filter(l -> !l.isBlank()).toList()) {
            decoder.addSchema(new Schema.Parser().parse(read(path)));
        }
        return decoder;
    }

    private static String read(String path) {
        try (InputStream in = StateCodec.class.getResourceAsStream(ROOT + path)) {
            if (in == null) {
                throw new IllegalStateException("state schema resource missing: " + ROOT + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
