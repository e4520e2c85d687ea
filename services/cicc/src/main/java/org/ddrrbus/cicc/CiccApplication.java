package org.ddrrbus.cicc;

import org.ddrrbus.casework.system.Casework;
import org.ddrrbus.casework.system.ServiceDefaults;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

/** The interfaith council's service on the bus. */
@SpringBootApplication
@Import(Casework.class)
public class CiccApplication {

    public static final String AGENCY = "cicc";
    public static final int PORT = 8083;

    public static void main(String[] args) {
        application().run(args);
    }

    /** The service with its defaults; the launcher adds the settings of the running system. */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(CiccApplication.class).properties(ServiceDefaults.of(AGENCY, PORT));
    }
}
