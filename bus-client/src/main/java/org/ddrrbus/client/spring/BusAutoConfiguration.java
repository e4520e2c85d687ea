package org.ddrrbus.client.spring;

import java.nio.file.Path;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.signing.KeyRing;
import org.ddrrbus.client.signing.SignatureVerifier;
import org.ddrrbus.client.signing.SigningKey;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** What every Spring component of the bus shares: its connection settings, the agreement, the codec and its keys. */
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

    /** This component's own signing key, made on first start. */
    @Bean
    @ConditionalOnMissingBean
    SigningKey signingKey(BusProperties properties) {
        return KeyRing.provision(Path.of(properties.keysDir()), properties.principal());
    }

    @Bean
    @ConditionalOnMissingBean
    SignatureVerifier signatureVerifier(BusProperties properties, SigningKey own) {
        KeyRing ring = KeyRing.load(Path.of(properties.keysDir()).resolve("public"));
        if (ring.publicKey(own.keyId()).isEmpty()) {
            throw new IllegalStateException(
                    "the public keys in " + properties.keysDir() + "/public do not include this component's own");
        }
        return new SignatureVerifier(ring);
    }
}
