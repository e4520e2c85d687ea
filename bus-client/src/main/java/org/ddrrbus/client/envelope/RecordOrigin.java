package org.ddrrbus.client.envelope;

/** Topic, partition and offset of a record as it was read; the key may be absent on malformed records. */
public record RecordOrigin(String topic, int partition, long offset, String key) {

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}
