package org.ddrrbus.county;

import org.ddrrbus.casework.system.Casework;
import org.ddrrbus.casework.system.ServiceDefaults;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

/** The county government's service on the bus. */
@SpringBootApplication
@Import(Casework.class)
public class CountyApplication {

    public static final String AGENCY = "county";
    public static final int PORT = 8084;

    public static void main(String[] args) {
        application().run(args);
    }

    /** The service with its defaults; the launcher adds the settings of the running system. */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(CountyApplication.class).properties(ServiceDefaults.of(AGENCY, PORT));
    }
}
