package org.ddrrbus.client.keys;

/**
 * A refusal about keys, said in one line for people: a malformed or forged request, a registration the agreement does
 * not allow, a revocation that would leave an agency without a key, a directory that cannot be read.
 */
public final class KeyDirectoryException extends RuntimeException {

    public KeyDirectoryException(String message) {
        super(message);
    }

    public KeyDirectoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
