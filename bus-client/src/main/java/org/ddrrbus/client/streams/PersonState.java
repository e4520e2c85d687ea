package org.ddrrbus.client.streams;

import com.google.crypto.tink.Aead;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.state.KeyValueStore;
import org.ddrrbus.client.envelope.SubjectCipher;
import org.ddrrbus.client.envelope.SubjectKeyId;
import org.ddrrbus.client.envelope.SubjectKeys;

/**
 * A Kafka Streams store of what a component keeps about each person, keyed by subjectRef, whose values (and so its
 * changelog's) are sealed under the person's data key like the events they come from: once the key is destroyed at
 * erasure or expires, no version of the value left on the compacted changelog opens any more.
 *
 * <p>The store holds bytes: either the plain encoding of {@code serde} or a sealed value ({@code DD 53}, the format of
 * {@link SubjectCipher}, with the store's name as {@code ce_type} and {@value #STATE_ID} as {@code ce_id} in the
 * associated data). The key, the subjectRef, stays readable.
 *
 * <p>Which key: the key of the sealed event that changed the value, or the key the value was sealed under before,
 * whichever expires later, so the value lives as long as the longest-lived key of the events it holds. Nothing new is
 * fetched for it: the event's key was just used to open the event, and the earlier one to read the value. A value
 * changed only by plain events (a bus that does not seal, {@code ./ddrr up --unsealed}) stays plain, as the events
 * are; a component without keys ({@link SubjectKeys#NONE}, or no cipher) writes plain values.
 *
 * <p>Keys are cached in memory only, a bounded number, and a person's are dropped when their value is written or
 * read in clear (the erased mark) or deleted. One instance per processor: it is not thread-safe.
 */
public final class PersonState<V> {

    /** The {@code ce_id} of a sealed state value's associated data: it is no event. */
    public static final String STATE_ID = "ddrr-state";

    private static final int CACHED_KEYS = 1024;

    private final KeyValueStore<String, byte[]> store;
    private final String name;
    private final Serde<V> plain;
    private final SubjectKeys keys;
    private final Map<SubjectKeyId, Aead> cached = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<SubjectKeyId, Aead> eldest) {
            return size() > CACHED_KEYS;
        }
    };

    /**
     * @param store the store, of bytes
     * @param name the store's name, bound into each sealed value
     * @param plain how a value is encoded before it is sealed
     * @param keys where the person's keys come from; {@link SubjectKeys#NONE} keeps every value plain
     */
    public PersonState(KeyValueStore<String, byte[]> store, String name, Serde<V> plain, SubjectKeys keys) {
        this.store = store;
        this.name = name;
        this.plain = plain;
        this.keys = keys;
    }

    /** The person's value, or null when there is none or it cannot be opened (the key is gone, or not held here). */
    public V get(String subject) {
        byte[] bytes = store.get(subject);
        if (bytes == null) {
            return null;
        }
        if (!SubjectCipher.isSealed(bytes)) {
            forget(subject);
            return plain.deserializer().deserialize(name, bytes);
        }
        SubjectCipher.Sealed sealed = SubjectCipher.parse(bytes);
        if (!sealed.keyId().subjectRef().equals(subject)) {
            throw new IllegalStateException(
                    "the " + name + " value of " + subject + " is sealed under another person's key");
        }
        return key(sealed.keyId())
                .map(key -> plain.deserializer().deserialize(name, SubjectCipher.open(sealed, key, STATE_ID, name)))
                .orElse(null);
    }

    /**
     * Writes the person's value, sealed under the key of {@code event} (the record value that changed it, sealed or
     * plain; null when no event did) or under the key of the value before it, whichever expires later of those still
     * held; in clear when neither is sealed (or the earlier one's key is gone and the event is plain: the event itself
     * is then on the bus in clear).
     */
    public void put(String subject, V value, byte[] event) {
        byte[] bytes = plain.serializer().serialize(name, value);
        SubjectKeyId chosen = null;
        Aead chosenKey = null;
        for (Optional<SubjectKeyId> candidate : List.of(keyOf(event), keyOf(store.get(subject)))) {
            if (candidate.isEmpty()
                    || !candidate.get().subjectRef().equals(subject)
                    || (chosen != null && !candidate.get().expiresAt().isAfter(chosen.expiresAt()))) {
                continue;
            }
            Optional<Aead> key = key(candidate.get());
            if (key.isPresent()) {
                chosen = candidate.get();
                chosenKey = key.get();
            }
        }
        if (chosen != null) {
            bytes = SubjectCipher.seal(chosen, chosenKey, STATE_ID, name, bytes);
        }
        store.put(subject, bytes);
    }

    /** Writes a value that holds nothing about the person but the case code (an erased mark): in clear. */
    public void putClear(String subject, V value) {
        forget(subject);
        store.put(subject, plain.serializer().serialize(name, value));
    }

    public void delete(String subject) {
        forget(subject);
        store.delete(subject);
    }

    /** Drops the person's keys from this instance's memory. */
    public void forget(String subject) {
        cached.keySet().removeIf(id -> id.subjectRef().equals(subject));
    }

    private Optional<Aead> key(SubjectKeyId id) {
        Aead key = cached.get(id);
        if (key != null) {
            return Optional.of(key);
        }
        Optional<Aead> found = keys.find(id);
        found.ifPresent(k -> cached.put(id, k));
        return found;
    }

    private static Optional<SubjectKeyId> keyOf(byte[] value) {
        return SubjectCipher.isSealed(value)
                ? Optional.of(SubjectCipher.parse(value).keyId())
                : Optional.empty();
    }
}
