package org.ddrrbus.client.spring;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.SubjectCipher;
import org.ddrrbus.client.keys.DirectoryAnchor;
import org.ddrrbus.client.keys.KeyDirectory;
import org.ddrrbus.client.keys.KeyDirectoryException;
import org.ddrrbus.client.keys.PrivateKeys;
import org.ddrrbus.client.keys.SigningKeys;
import org.ddrrbus.client.signing.SignatureVerifier;
import org.ddrrbus.client.start.StartRefused;
import org.ddrrbus.client.subjectkeys.HttpSubjectKeys;
import org.ddrrbus.client.tls.CaTrust;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;

/**
 * What every Spring component of the bus shares: its connection settings, the agreement, the codec, and its keys.
 *
 * <p>The key directory, the component's own signing keys and the verifier are made only for a component that asks for
 * them (the exchange and the partner services do, the dashboard does not), so a component that neither signs nor
 * verifies needs no keys and no access to {@code ddrr.keys}.
 */
@AutoConfiguration
@EnableConfigurationProperties({BusProperties.class, SubjectKeySettings.class})
public class BusAutoConfiguration {

    private static final Duration DIRECTORY_TIMEOUT = Duration.ofSeconds(30);

    @Bean
    @ConditionalOnMissingBean
    SharingAgreement sharingAgreement(BusProperties properties) {
        return properties.agreementFile().map(AgreementLoader::load).orElseGet(AgreementLoader::loadDefault);
    }

    @Bean
    @ConditionalOnMissingBean
    EventCodec eventCodec(
            SubjectKeySettings subjectKeys,
            BusProperties properties,
            SharingAgreement agreement,
            ObjectProvider<SigningKeys> signingKeys) {
        EventCodec codec = new EventCodec();
        if (subjectKeys.url().isBlank()) {
            return codec;
        }
        try {
            HttpSubjectKeys.requireSecure(URI.create(subjectKeys.url()));
        } catch (IllegalArgumentException e) {
            throw new StartRefused("ddrr.bus.subject-keys.url: " + e.getMessage());
        }
        HttpClient http = properties
                .caCertificateFile()
                .filter(ca -> subjectKeys.url().startsWith("https:"))
                .map(ca -> HttpClient.newBuilder()
                        .sslContext(CaTrust.httpsContext(ca))
                        .build())
                .orElseGet(HttpClient::newHttpClient);
        // The signing keys are asked for at the first key request, not when the codec is made.
        HttpSubjectKeys keys = new HttpSubjectKeys(
                URI.create(subjectKeys.url()),
                () -> signingKeys.getObject().get(),
                http,
                Clock.systemUTC(),
                subjectKeys.cacheFor());
        return codec.sealingWith(SubjectCipher.of(keys, agreement));
    }

    /** The key directory, read from the bus and followed, trusting only the operator's directory key. */
    @Bean(destroyMethod = "close")
    @Lazy
    @ConditionalOnMissingBean
    KeyDirectory keyDirectory(BusProperties properties) {
        try {
            return KeyDirectory.follow(
                    properties.kafkaClientProperties(),
                    DirectoryAnchor.read(properties.directoryAnchorFile()),
                    DIRECTORY_TIMEOUT);
        } catch (KeyDirectoryException e) {
            // The first connection of a component: a CA that does not match is the operator's to fix, not a crash.
            if (CaTrust.explain(e, "").isPresent()) {
                throw new StartRefused(e.getMessage());
            }
            throw e;
        }
    }

    /** This component's own keys; it starts only if one of them speaks for it now. */
    @Bean
    @Lazy
    @ConditionalOnMissingBean
    SigningKeys signingKeys(BusProperties properties, KeyDirectory directory) {
        SigningKeys keys = new SigningKeys(
                PrivateKeys.at(properties.privateKeysDir(), properties.principal()), directory, Clock.systemUTC());
        keys.current();
        return keys;
    }

    @Bean
    @Lazy
    @ConditionalOnMissingBean
    SignatureVerifier signatureVerifier(KeyDirectory directory) {
        return new SignatureVerifier(directory);
    }
}
