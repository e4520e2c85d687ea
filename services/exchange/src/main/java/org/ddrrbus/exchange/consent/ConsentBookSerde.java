package org.ddrrbus.exchange.consent;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Stores a {@link ConsentBook} in the exchange's state store and changelog. The leading format byte lets a later
 * exchange read books written by this one.
 */
public final class ConsentBookSerde implements Serde<ConsentBook> {

    private static final byte FORMAT_1 = 1;

    @Override
    public Serializer<ConsentBook> serializer() {
        return (topic, book) -> book == null ? null : write(book);
    }

    @Override
    public Deserializer<ConsentBook> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    static byte[] write(ConsentBook book) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_1);
            out.writeInt(book.consents().size());
            for (Consent consent : book.consents().values()) {
                out.writeUTF(consent.consentRef());
                writeSet(out, consent.purposes());
                out.writeLong(consent.validUntil().map(LocalDate::toEpochDay).orElse(Long.MIN_VALUE));
                writeSet(out, consent.withdrawn());
                writeSet(out, consent.recipients());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static ConsentBook read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT_1) {
                throw new IllegalStateException("unknown consent book format " + format);
            }
            int count = in.readInt();
            Map<String, Consent> consents = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String ref = in.readUTF();
                Set<String> purposes = readSet(in);
                long until = in.readLong();
                Set<String> withdrawn = readSet(in);
                Set<String> recipients = readSet(in);
                consents.put(
                        ref,
                        new Consent(
                                ref,
                                purposes,
                                until == Long.MIN_VALUE ? Optional.empty() : Optional.of(LocalDate.ofEpochDay(until)),
                                withdrawn,
                                recipients));
            }
            return new ConsentBook(consents);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeSet(DataOutputStream out, Set<String> values) throws IOException {
        out.writeInt(values.size());
        for (String value : values.stream().sorted().toList()) {
            out.writeUTF(value);
        }
    }

    private static Set<String> readSet(DataInputStream in) throws IOException {
        int size = in.readInt();
        Set<String> values = new HashSet<>();
        for (int i = 0; i < size; i++) {
            values.add(in.readUTF());
        }
        return values;
    }
}
