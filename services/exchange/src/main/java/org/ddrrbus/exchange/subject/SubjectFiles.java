package org.ddrrbus.exchange.subject;

import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.SubjectCipher;
import org.ddrrbus.client.envelope.SubjectKeys;
import org.ddrrbus.client.streams.PersonState;

/**
 * The persons' files of one task, as its processors read and write them: sealed on the changelog under the person's
 * key ({@link PersonState}) when the exchange's codec holds keys, with the erased mark (the case code and the day) in
 * clear, since the person's keys are destroyed with it. A file whose key is gone reads as empty: only a crash between
 * the keys' destruction and the erasure's commit leaves one, and the erasure is then judged again.
 */
public final class SubjectFiles {

    private final PersonState<SubjectFile> state;

    private SubjectFiles(PersonState<SubjectFile> state) {
        this.state = state;
    }

    /** The files of the store {@code storeName} of this task, sealed with the keys {@code codec} holds, if any. */
    public static SubjectFiles of(ProcessingContext context, String storeName, EventCodec codec) {
        return new SubjectFiles(new PersonState<>(
                context.getStateStore(storeName),
                storeName,
                new SubjectFileSerde(),
                codec.cipher().map(SubjectCipher::keys).orElse(SubjectKeys.NONE)));
    }

    /** The person's file; {@link SubjectFile#EMPTY} when there is none or it can no longer be opened. */
    public SubjectFile get(String subject) {
        SubjectFile file = state.get(subject);
        return file == null ? SubjectFile.EMPTY : file;
    }

    /** Writes the person's file as {@code event} (the record value, sealed or plain) left it. */
    public void put(String subject, SubjectFile file, byte[] event) {
        if (file.isErased()) {
            state.putClear(subject, file);
        } else {
            state.put(subject, file, event);
        }
    }
}
