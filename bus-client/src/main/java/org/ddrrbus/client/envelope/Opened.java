package org.ddrrbus.client.envelope;

import org.apache.kafka.common.header.Headers;
import org.ddrrbus.client.rejection.Rejection;

/** What reading a record from the bus gave: a well-formed event, or the reason it is not one. */
public sealed interface Opened {

    /** Where the record was read from; quarantine and rejections point back to it. */
    RecordOrigin origin();

    record Valid(Envelope envelope, byte[] value, Headers headers, RecordOrigin origin) implements Opened {}

    record Refused(Rejection rejection, byte[] value, Headers headers, RecordOrigin origin) implements Opened {}
}
