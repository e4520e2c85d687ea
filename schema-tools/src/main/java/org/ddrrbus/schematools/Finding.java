package org.ddrrbus.schematools;

/** A reason the catalogue may not be built, tied to the file that causes it. */
public record Finding(String file, String message) {

    @Override
    public String toString() {
        return file + ": " + message;
    }
}
