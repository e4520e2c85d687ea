package org.ddrrbus.client.spring;

import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.envelope.EventCodec;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** What every Spring component of the bus shares: its connection settings, the agreement and the codec. */
@AutoConfiguration
@EnableConfigurationProperties(BusProperties.class)
public class BusAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SharingAgreement sharingAgreement(BusProperties properties) {
        return properties.agreementFile().map(AgreementLoader::load).orElseGet(AgreementLoader::loadDefault);
    }

    @Bean
    @ConditionalOnMissingBean
    EventCodec eventCodec() {
        return new EventCodec();
    }
}
