package org.ddrrbus.casework.system;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/** Import this into an agency service to get everything the partner services share. */
@Configuration(proxyBeanMethods = false)
@ComponentScan(basePackages = "org.ddrrbus.casework")
@EnableConfigurationProperties(ServiceProperties.class)
public class Casework {}
