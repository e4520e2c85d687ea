package org.ddrrbus.client.streams;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Input records whose output the broker would not take, remembered until they are processed again.
 *
 * <p>Under exactly-once processing a refused write aborts the whole transaction, and the task processes the same input
 * again: left alone it would fail the same way forever and stop every record behind it. The production exception
 * handler ({@link SetAsideUnwritable}) notes the input here before the task fails; when the input comes round again
 * its processor asks {@link #take} and writes only a small record that sets it aside.
 */
public final class UnwritableInputs {

    /** Why the output of an input could not be written, in words for a refusal notice. */
    public record Problem(String problem, boolean tooLarge) {}

    /** Where an input lies. */
    record Input(String topic, int partition, long offset) {}

    private final Map<String, Problem> problems = new ConcurrentHashMap<>();
    private final Map<ProducerRecord<byte[], byte[]>, Input> sentLater =
            Collections.synchronizedMap(new IdentityHashMap<>());

    /**
     * For a producer that sends a record later than the processor wrote it (at commit, say): the input the record
     * answers, since by then the task's current input is another. Forget it with {@link #sent}.
     */
    public void sentFor(ProducerRecord<byte[], byte[]> record, String topic, int partition, long offset) {
        sentLater.put(record, new Input(topic, partition, offset));
    }

    public void sent(ProducerRecord<byte[], byte[]> record) {
        sentLater.remove(record);
    }

    Optional<Input> inputOf(ProducerRecord<byte[], byte[]> record) {
        return Optional.ofNullable(sentLater.get(record));
    }

    public void mark(String topic, int partition, long offset, Problem problem) {
        problems.put(key(topic, partition, offset), problem);
    }

    /** The problem noted for this input, if any; forgotten once taken, since the input is then set aside. */
    public Optional<Problem> take(String topic, int partition, long offset) {
        return Optional.ofNullable(problems.remove(key(topic, partition, offset)));
    }

    private static String key(String topic, int partition, long offset) {
        return topic + "-" + partition + "@" + offset;
    }
}
