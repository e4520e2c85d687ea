package org.ddrrbus.client.start;

/**
 * A component refuses to start with the configuration it was given. The message is the one line the operator sees:
 * what is wrong and what to do, with no class names; the command line prints it as it is.
 */
public class StartRefused extends RuntimeException {

    public StartRefused(String message) {
        super(message, null, false, false);
    }
}
