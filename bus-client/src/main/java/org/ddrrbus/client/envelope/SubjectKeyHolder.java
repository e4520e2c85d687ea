package org.ddrrbus.client.envelope;

import java.util.Optional;

/**
 * The key holder's own store of people's data keys, as the exchange holds it: besides the keys, it records to whom a
 * sealed event of a person was delivered, since it gives the person's keys only to those agencies.
 */
public interface SubjectKeyHolder extends SubjectKeys {

    /** Records that a sealed event of the person was delivered to {@code agency}; nothing for a person erased. */
    void recordDelivery(String subjectRef, String agency);

    /** Whether a sealed event of the person was delivered to {@code agency} (recorded by {@link #recordDelivery}). */
    boolean delivered(String subjectRef, String agency);

    /** The key as Tink's JSON keyset, for the key holder to hand to whom it grants it; empty once erased or expired. */
    Optional<String> findKeyset(SubjectKeyId id);

    /** Whether the person's keys were destroyed at their erasure on this bus. */
    boolean erased(String subjectRef);

    /**
     * Destroys every key of the person and leaves the erased mark, so that no key is made for them again: what was
     * sealed under them opens nowhere any more. Idempotent.
     *
     * @return how many keys were destroyed (0 when the person had none, or was erased before)
     */
    int destroy(String subjectRef);
}
