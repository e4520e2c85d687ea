package org.ddrrbus.client.streams;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the broker refuses a record for good (too large, not allowed, invalid), notes the input that called for it in
 * {@link UnwritableInputs} and fails the task, so the transaction aborts and the input is processed again, this time
 * to be set aside. A refusal that may pass on a retry (a broker away, a timeout) is retried as usual.
 */
public final class SetAsideUnwritable implements ProductionExceptionHandler {

    /** The configuration key under which {@link ExactlyOnceStreams} passes the shared {@link UnwritableInputs}. */
    static final String INPUTS = "ddrr.streams.unwritable-inputs";

    private static final Logger log = LoggerFactory.getLogger(SetAsideUnwritable.class);

    private UnwritableInputs inputs;

    @Override
    public void configure(Map<String, ?> configs) {
        inputs = (UnwritableInputs) configs.get(INPUTS);
        if (inputs == null) {
            throw new IllegalStateException(INPUTS + " is not set");
        }
    }

    @Override
    public ProductionExceptionHandlerResponse handle(
            ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (exception instanceof RetriableException) {
            return ProductionExceptionHandlerResponse.RETRY;
        }
        UnwritableInputs.Problem problem = problem(record, exception);
        UnwritableInputs.Input input = inputs.inputOf(record)
                .orElseGet(() -> new UnwritableInputs.Input(context.topic(), context.partition(), context.offset()));
        if (problem != null && input.topic() != null && input.offset() >= 0) {
            log.error(
                    "Could not write to {} what {}-{}@{} calls for ({}); it will be set aside",
                    record.topic(),
                    input.topic(),
                    input.partition(),
                    input.offset(),
                    exception.toString());
            inputs.mark(input.topic(), input.partition(), input.offset(), problem);
        }
        return ProductionExceptionHandlerResponse.FAIL;
    }

    private static UnwritableInputs.Problem problem(ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (exception instanceof RecordTooLargeException || exception instanceof RecordBatchTooLargeException) {
            return new UnwritableInputs.Problem(
                    "a record it calls for in " + record.topic() + " is larger than the broker accepts", true);
        }
        if (exception instanceof TopicAuthorizationException) {
            return new UnwritableInputs.Problem("the exchange may not write to " + record.topic(), false);
        }
        if (exception instanceof InvalidRecordException) {
            return new UnwritableInputs.Problem("the broker refused a record it calls for in " + record.topic(), false);
        }
        return null;
    }
}
