package org.ddrrbus.exchange.system;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The key holder's HTTPS endpoint ({@code ddrr.exchange.key-holder.*}), for partners on other machines: with a
 * {@code certificate}, the exchange's web server also listens on {@code address}:{@code port} over TLS and serves
 * there the key requests only ({@code /subject-keys/...}), while its own port stays plain HTTP on loopback for its
 * probes, its metrics and the components of the same machine.
 *
 * @param certificate a PEM file holding the private key followed by the certificate chain, issued by the bus CA
 *     ({@code ./ddrr up} makes it with the broker's: {@code org.ddrrbus.broker.tls.BrokerTls#prepareKeyHolder})
 * @param address the address to listen on: loopback, or every interface ({@code 0.0.0.0}) for other machines
 * @param port the HTTPS port; 0 takes any free port
 */
@Validated
@ConfigurationProperties("ddrr.exchange.key-holder")
public record KeyHolderProperties(
        Path certificate,
        @DefaultValue("127.0.0.1") @NotBlank String address,
        @DefaultValue("0") @Min(0) @Max(65535) int port) {}
