package org.ddrrbus.exchange.system;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.file.Files;
import org.apache.catalina.connector.Connector;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.ddrrbus.client.start.StartRefused;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The key holder over HTTPS ({@link KeyHolderProperties}): a second Tomcat connector beside the exchange's loopback
 * port, with the bus CA's certificate, on which only the key requests are answered; anything else asked there (the
 * probes, the metrics) is 404, so that the machines that may reach it learn nothing else of the exchange.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("ddrr.exchange.key-holder.certificate")
class KeyHolderHttps {

    /** The only path served on the HTTPS connector. */
    static final String KEY_REQUESTS = "/subject-keys/";

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> keyHolderConnector(KeyHolderProperties keyHolder) {
        if (!Files.isReadable(keyHolder.certificate())) {
            throw new StartRefused("ddrr.exchange.key-holder.certificate: cannot read " + keyHolder.certificate()
                    + " (the key holder's key and certificate, PEM)");
        }
        return factory -> {
            Connector https = new Connector(factory.getProtocol());
            https.setPort(keyHolder.port());
            https.setProperty("address", keyHolder.address());
            https.setScheme("https");
            https.setSecure(true);
            https.setProperty("SSLEnabled", "true");
            SSLHostConfig tls = new SSLHostConfig();
            SSLHostConfigCertificate certificate =
                    new SSLHostConfigCertificate(tls, SSLHostConfigCertificate.Type.UNDEFINED);
            String pem = keyHolder.certificate().toAbsolutePath().toString();
            certificate.setCertificateFile(pem);
            certificate.setCertificateKeyFile(pem);
            tls.addCertificate(certificate);
            tls.setProtocols("TLSv1.3,TLSv1.2");
            https.addSslHostConfig(tls);
            factory.addAdditionalConnectors(https);
        };
    }

    /** Requests that came in on the HTTPS connector reach the key requests only. */
    @Bean
    FilterRegistrationBean<Filter> keyHolderOnly(KeyHolderProperties keyHolder) {
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
            HttpServletRequest http = (HttpServletRequest) request;
            if (http.isSecure() && !http.getRequestURI().startsWith(KEY_REQUESTS)) {
                ((HttpServletResponse) response).sendError(HttpServletResponse.SC_NOT_FOUND);
                return;
            }
            chain.doFilter(request, response);
        });
        registration.setOrder(Integer.MIN_VALUE);
        return registration;
    }
}
