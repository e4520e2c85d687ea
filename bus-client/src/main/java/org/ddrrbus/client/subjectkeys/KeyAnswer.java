package org.ddrrbus.client.subjectkeys;

/**
 * A key holder's answer to a request for a person's key: an HTTP status and a body, Tink's JSON keyset when granted,
 * one line saying why when not.
 */
public record KeyAnswer(int status, String body) {

    public boolean granted() {
        return status == 200;
    }
}
