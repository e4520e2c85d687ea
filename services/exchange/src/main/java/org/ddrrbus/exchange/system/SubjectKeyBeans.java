package org.ddrrbus.exchange.system;

import java.time.Clock;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.keys.KeyDirectory;
import org.ddrrbus.client.keys.SigningKeys;
import org.ddrrbus.client.spring.BusProperties;
import org.ddrrbus.client.subjectkeys.BusGrantLog;
import org.ddrrbus.exchange.subjectkeys.KeyService;
import org.ddrrbus.exchange.subjectkeys.SubjectKeyStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The exchange as key holder: one store of people's data keys, used by the topology and by the key requests. */
@Configuration(proxyBeanMethods = false)
class SubjectKeyBeans {

    @Bean
    SubjectKeyStore subjectKeyStore(ExchangeProperties exchange, ObjectProvider<Clock> clock) {
        return new SubjectKeyStore(exchange.subjectKeys(), clock.getIfAvailable(Clock::systemUTC));
    }

    /** Every answer to a key request, signed by the exchange, in {@code ddrr.key-grants}; closed with the context. */
    @Bean
    BusGrantLog grantLog(BusProperties bus, EventCodec codec, SigningKeys keys) {
        return new BusGrantLog(bus.kafkaClientProperties(), codec, keys);
    }

    /** The directory is asked only when a request comes, so the key service does not hold up the start. */
    @Bean
    KeyService keyService(
            SubjectKeyStore store,
            SharingAgreement agreement,
            ObjectProvider<KeyDirectory> directory,
            ObjectProvider<Clock> clock,
            BusGrantLog grants) {
        return new KeyService(
                store,
                agreement,
                keyId -> directory.getObject().find(keyId),
                clock.getIfAvailable(Clock::systemUTC),
                grants);
    }
}
