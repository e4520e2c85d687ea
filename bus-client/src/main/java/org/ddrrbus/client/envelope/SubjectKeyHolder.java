package org.ddrrbus.client.envelope;

/**
 * The key holder's own store of people's data keys, as the exchange holds it: besides the keys, it records to whom a
 * sealed event of a person was delivered, since it gives the person's keys only to those agencies.
 */
public interface SubjectKeyHolder extends SubjectKeys {

    /** Records that a sealed event of the person was delivered to {@code agency}; nothing for a person erased. */
    void recordDelivery(String subjectRef, String agency);

    /** Whether the person's keys were destroyed at their erasure on this bus. */
    boolean erased(String subjectRef);
}
