package org.ddrrbus.nctc;

import org.ddrrbus.casework.system.Casework;
import org.ddrrbus.casework.system.ServiceDefaults;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

/** The national counter-terrorism centre's service on the bus. */
@SpringBootApplication
@Import(Casework.class)
public class NctcApplication {

    public static final String AGENCY = "nctc";
    public static final int PORT = 8081;

    public static void main(String[] args) {
        application().run(args);
    }

    /** The service with its defaults; the launcher adds the settings of the running system. */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(NctcApplication.class).properties(ServiceDefaults.of(AGENCY, PORT));
    }
}
