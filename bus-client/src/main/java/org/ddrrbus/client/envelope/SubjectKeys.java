package org.ddrrbus.client.envelope;

import com.google.crypto.tink.Aead;
import java.util.Optional;

/** Where a component gets a person's data keys: the key holder's own store, or a client of it. */
public interface SubjectKeys {

    /** No keys at all: a reader without keys sees that a value is sealed, and under which key, but never its content. */
    SubjectKeys NONE = new SubjectKeys() {
        @Override
        public Aead keyFor(SubjectKeyId id) {
            throw new IllegalStateException("this component holds no subject keys");
        }

        @Override
        public Optional<Aead> find(SubjectKeyId id) {
            return Optional.empty();
        }
    };

    /**
     * The key to encrypt under, made when the person has none yet for this retention and month.
     *
     * @throws IllegalArgumentException when the key has expired (the month is past its retention)
     * @throws IllegalStateException when this component may not have it
     */
    Aead keyFor(SubjectKeyId id);

    /** The key to decrypt with; empty once the person is erased, the retention has ended, or it is not granted. */
    Optional<Aead> find(SubjectKeyId id);
}
