package org.ddrrbus.client.spring;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where a partner's component asks for people's data keys ({@code ddrr.bus.subject-keys.*}). With a {@code url}, the
 * component's codec seals what it publishes about a person and opens what it reads with keys asked of the key holder
 * (the exchange); without one (the default) it publishes plain values and cannot open sealed ones.
 *
 * @param url the key holder's address, e.g. {@code https://exchange.example:8443}; empty: no keys
 * @param cacheFor how long a key is kept in memory after it was given
 */
@ConfigurationProperties("ddrr.bus.subject-keys")
public record SubjectKeySettings(
        @DefaultValue("") String url, @DefaultValue("5m") Duration cacheFor) {}
