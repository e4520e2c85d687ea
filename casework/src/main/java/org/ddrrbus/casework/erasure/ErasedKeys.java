package org.ddrrbus.casework.erasure;

import org.ddrrbus.casework.inbox.InboxProjection;
import org.ddrrbus.client.envelope.Envelope;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.SubjectCipher;
import org.ddrrbus.client.subjectkeys.HttpSubjectKeys;
import org.ddrrbus.events.SubjectErased;
import org.springframework.stereotype.Component;

/** Drops from memory every key of a person this agency learns was erased, as soon as the erasure reaches its inbox. */
@Component
class ErasedKeys implements InboxProjection {

    private final EventCodec codec;

    ErasedKeys(EventCodec codec) {
        this.codec = codec;
    }

    @Override
    public void apply(Envelope envelope, String purpose) {
        if (envelope.event() instanceof SubjectErased erased) {
            codec.cipher()
                    .map(SubjectCipher::keys)
                    .filter(HttpSubjectKeys.class::isInstance)
                    .map(HttpSubjectKeys.class::cast)
                    .ifPresent(keys -> keys.forget(erased.getSubjectRef()));
        }
    }
}
