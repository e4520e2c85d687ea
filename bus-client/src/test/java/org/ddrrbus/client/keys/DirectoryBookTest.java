package org.ddrrbus.client.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.ddrrbus.client.signing.RegisteredKey;
import org.ddrrbus.client.signing.SigningKey;
import org.junit.jupiter.api.Test;

/** The latest statement about a key wins, but an older one written again cannot undo it, nor can a revocation lift. */
class DirectoryBookTest {

    private static final Instant T = Instant.parse("2026-06-01T12:00:00Z");

    private final SigningKey iom = SigningKey.generate("iom");
    private final RegisteredKey registered =
            new RegisteredKey(iom.keyId(), "iom", iom.publicKey(), T, Optional.empty(), Optional.empty());
    private final DirectoryBook book = new DirectoryBook();

    @Test
    void aLaterStatementReplacesAnEarlierOne() {
        book.apply(new KeyStatement(registered, T));
        book.apply(new KeyStatement(registered.endingAt(T.plusSeconds(3600)), T.plusSeconds(10)));

        assertThat(book.find(iom.keyId())).contains(registered.endingAt(T.plusSeconds(3600)));
    }

    @Test
    void anOlderStatementWrittenAgainIsIgnored() {
        book.apply(new KeyStatement(registered, T));
        book.apply(new KeyStatement(registered.revokedFrom(T.plusSeconds(5)), T.plusSeconds(10)));

        DirectoryBook.Outcome replayed = book.apply(new KeyStatement(registered, T));

        assertThat(replayed).isInstanceOf(DirectoryBook.Outcome.Ignored.class);
        assertThat(book.find(iom.keyId()))
                .get()
                .extracting(RegisteredKey::revokedFrom)
                .isEqualTo(Optional.of(T.plusSeconds(5)));
    }

    @Test
    void aRevocationIsNeverLiftedEvenByANewerStatement() {
        book.apply(new KeyStatement(registered.revokedFrom(T.plusSeconds(5)), T.plusSeconds(10)));

        book.apply(new KeyStatement(registered.endingAt(T.plusSeconds(60)), T.plusSeconds(20)));

        assertThat(book.find(iom.keyId()))
                .contains(registered.endingAt(T.plusSeconds(60)).revokedFrom(T.plusSeconds(5)));
    }
}
