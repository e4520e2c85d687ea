package org.ddrrbus.exchange;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The exchange: the one gate between the agencies' outboxes and their inboxes. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ExchangeApplication {

    public static void main(String[] args) {
        SpringApplication.run(ExchangeApplication.class, args);
    }
}
