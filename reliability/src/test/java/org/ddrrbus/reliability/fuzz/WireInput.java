package org.ddrrbus.reliability.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.ddrrbus.client.envelope.Opened;
import org.ddrrbus.client.rejection.Rejection;
import org.ddrrbus.events.RejectionReason;

/**
 * A record as it may arrive on the bus — key, headers and value — and what reading it must give.
 *
 * @param kind the family of garbage it belongs to, for the tally
 * @param description what was done to it, for a failure message
 */
record WireInput(String kind, String description, String key, Headers headers, byte[] value, Expectation expect) {

    /** A fresh copy of the headers: a producer makes the headers it sends read-only. */
    Headers headersCopy() {
        return new RecordHeaders(headers.toArray());
    }

    /** What opening a record must give. */
    interface Expectation {

        /** Throws an {@link AssertionError} naming {@code what} when {@code opened} is not what was expected. */
        void check(Opened opened, String what);

        static Expectation exactly(Rejection rejection) {
            return new Expectation() {
                public void check(Opened opened, String what) {
                    assertThat(opened).as(what).isInstanceOf(Opened.Refused.class);
                    assertThat(((Opened.Refused) opened).rejection()).as(what).isEqualTo(rejection);
                }
            };
        }

        static Expectation reason(RejectionReason... allowed) {
            return new Expectation() {
                public void check(Opened opened, String what) {
                    assertThat(opened).as(what).isInstanceOf(Opened.Refused.class);
                    assertThat(((Opened.Refused) opened).rejection().reason())
                            .as(what)
                            .isIn((Object[]) allowed);
                }
            };
        }

        /** Opens to exactly this event. */
        static Expectation valid(SpecificRecord event) {
            return new Expectation() {
                public void check(Opened opened, String what) {
                    assertThat(opened)
                            .as(what + " (refused: %s)", opened instanceof Opened.Refused r ? r.rejection() : "")
                            .isInstanceOf(Opened.Valid.class);
                    assertThat(((Opened.Valid) opened).envelope().event())
                            .as(what)
                            .isEqualTo(event);
                }
            };
        }

        /** A change the wire format cannot notice (a signature would): either it opens, or it is refused so. */
        static Expectation validOr(RejectionReason... allowed) {
            List<RejectionReason> reasons = Arrays.asList(allowed);
            return new Expectation() {
                public void check(Opened opened, String what) {
                    if (opened instanceof Opened.Refused refused) {
                        assertThat(refused.rejection().reason()).as(what).isIn(reasons);
                    }
                }
            };
        }
    }
}
