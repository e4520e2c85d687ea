package org.ddrrbus.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.topic.Topics;
import org.junit.jupiter.api.Test;

/**
 * A test bus over TLS is provisioned and used exactly like the plaintext one; what it costs is printed, so the choice
 * of the plaintext default for the shared bus can be checked.
 */
class TestBusTlsIT {

    @Test
    void aTlsBusIsUsedLikeAnyOther() throws Exception {
        // TLS first: whichever starts first also pays for loading the broker's classes, which would favour TLS.
        long started = System.nanoTime();
        try (TestBus tls = TestBus.startWithTls(AgreementLoader.loadDefault())) {
            long tlsStart = (System.nanoTime() - started) / 1_000_000;
            long tlsRoundTrip = roundTrip(tls);
            assertThat(tls.securityProtocol()).isEqualTo("SASL_SSL");
            assertThat(tls.caCertificate())
                    .hasValueSatisfying(ca -> assertThat(ca).exists());
            assertThat(tls.busArguments("iom"))
                    .contains("--ddrr.bus.security-protocol=SASL_SSL")
                    .anySatisfy(arg -> assertThat(arg).startsWith("--ddrr.bus.ca-certificate="));

            started = System.nanoTime();
            try (TestBus plain = TestBus.start(AgreementLoader.loadDefault())) {
                long plainStart = (System.nanoTime() - started) / 1_000_000;
                long plainRoundTrip = roundTrip(plain);
                assertThat(plain.securityProtocol()).isEqualTo("SASL_PLAINTEXT");
                assertThat(plain.caCertificate()).isEmpty();
                System.out.printf(
                        "test bus start: TLS %d ms, then plaintext %d ms; new producer + send + read back: TLS %d ms,"
                                + " plaintext %d ms%n",
                        tlsStart, plainStart, tlsRoundTrip, plainRoundTrip);
            }
        }
    }

    /** A new producer and consumer, one record written as nctc and read back as the operator. */
    private static long roundTrip(TestBus bus) throws Exception {
        long started = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = bus.producer("nctc")) {
            producer.send(new ProducerRecord<>(Topics.outbox("nctc"), "KE-TLS", new byte[] {42}))
                    .get();
        }
        List<ConsumerRecord<String, byte[]>> read =
                TestBus.readAll(TestBus.consumer(bus.broker().adminClientProperties()), Topics.outbox("nctc"));
        assertThat(read).extracting(ConsumerRecord::key).contains("KE-TLS");
        return (System.nanoTime() - started) / 1_000_000;
    }
}
