package org.ddrrbus.dashboard.system;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.ddrrbus.client.spring.BusProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The admin client of the operations panel, logged in as the dashboard: it may describe groups and offsets, nothing more. */
@Configuration(proxyBeanMethods = false)
class KafkaAdminConfiguration {

    @Bean(destroyMethod = "close")
    Admin operationsAdmin(BusProperties bus) {
        Map<String, Object> props = new HashMap<>(bus.kafkaClientProperties());
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "ddrr-dashboard-operations");
        // The panel samples every few seconds: a slow broker must not stack up requests behind it.
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        return Admin.create(props);
    }
}
