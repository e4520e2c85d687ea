package org.ddrrbus.exchange.subject;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.ddrrbus.state.ConsentEntry;
import org.ddrrbus.state.ReferralEntry;
import org.ddrrbus.state.StateCodec;
import org.ddrrbus.state.SubjectState;

/**
 * A person's file as its changelog holds it: the Avro schema {@code SubjectState} of the schemas module, single-object
 * encoded, so the schemas' compatibility gate covers it and a later exchange reads what an earlier one wrote. Files
 * written before that schema existed (a format byte 1, consents only) are still read; their consents have no known
 * recorder.
 */
public final class SubjectFileSerde implements Serde<SubjectFile> {

    private static final byte LEGACY_FORMAT = 1;

    @Override
    public Serializer<SubjectFile> serializer() {
        return (topic, file) -> file == null ? null : write(file);
    }

    @Override
    public Deserializer<SubjectFile> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    public static byte[] write(SubjectFile file) {
        List<ConsentEntry> consents = file.consents().values().stream()
                .sorted(Comparator.comparing(Consent::consentRef))
                .map(c -> new ConsentEntry(
                        c.consentRef(),
                        c.recordedBy(),
                        sorted(c.purposes()),
                        c.validUntil().orElse(null),
                        sorted(c.withdrawn()),
                        sorted(c.recipients())))
                .toList();
        List<ReferralEntry> referrals = file.referrals().values().stream()
                .sorted(Comparator.comparing(Referral::referrer).thenComparing(Referral::referralId))
                .map(r -> new ReferralEntry(
                        r.referralId(),
                        r.referrer(),
                        r.recipient(),
                        r.status(),
                        r.fromBus().orElse(null)))
                .toList();
        return StateCodec.encode(
                new SubjectState(consents, referrals, file.erasedOn().orElse(null)));
    }

    public static SubjectFile read(byte[] bytes) {
        if (!StateCodec.isSingleObject(bytes)) {
            return readLegacy(bytes);
        }
        SubjectState state = StateCodec.decode(bytes);
        SubjectFile file = SubjectFile.EMPTY;
        for (ConsentEntry c : state.getConsents()) {
            file = file.with(new Consent(
                    c.getConsentRef(),
                    c.getRecordedBy(),
                    Set.copyOf(c.getPurposes()),
                    Optional.ofNullable(c.getValidUntil()),
                    Set.copyOf(c.getWithdrawn()),
                    Set.copyOf(c.getReliedOnBy())));
        }
        for (ReferralEntry r : state.getReferrals()) {
            file = file.with(new Referral(
                    r.getReferralId(),
                    r.getReferrer(),
                    r.getRecipient(),
                    r.getStatus(),
                    Optional.ofNullable(r.getFromBus())));
        }
        return state.getErasedOn() == null ? file : SubjectFile.erased(state.getErasedOn());
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }

    /** The consent book of the first exchange: a format byte 1, then each consent's fields in Java's data format. */
    private static SubjectFile readLegacy(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != LEGACY_FORMAT) {
                throw new IllegalStateException("unknown subject file format " + format);
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
                                "",
                                purposes,
                                until == Long.MIN_VALUE ? Optional.empty() : Optional.of(LocalDate.ofEpochDay(until)),
                                withdrawn,
                                recipients));
            }
            return new SubjectFile(consents, Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
