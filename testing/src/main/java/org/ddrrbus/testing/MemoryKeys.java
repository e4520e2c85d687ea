package org.ddrrbus.testing;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.ddrrbus.client.envelope.SubjectKeyId;
import org.ddrrbus.client.envelope.SubjectKeys;

/**
 * People's data keys held in memory, as the exchange holds them, for tests of what components seal: Tink keysets, made
 * on first use and destroyable by person. (bus-client's own tests, which this module depends on, keep a copy.)
 */
public final class MemoryKeys implements SubjectKeys {

    static {
        try {
            AeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private final Map<SubjectKeyId, Aead> keys = new ConcurrentHashMap<>();

    @Override
    public Aead keyFor(SubjectKeyId id) {
        return keys.computeIfAbsent(id, unused -> {
            try {
                return KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM)
                        .getPrimitive(RegistryConfiguration.get(), Aead.class);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Override
    public Optional<Aead> find(SubjectKeyId id) {
        return Optional.ofNullable(keys.get(id));
    }

    public void destroy(String subjectRef) {
        keys.keySet().removeIf(id -> id.subjectRef().equals(subjectRef));
    }
}
