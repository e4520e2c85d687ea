package org.ddrrbus.launcher.run;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.ddrrbus.cicc.CiccApplication;
import org.ddrrbus.county.CountyApplication;
import org.ddrrbus.dashboard.DashboardApplication;
import org.ddrrbus.embassy.EmbassyApplication;
import org.ddrrbus.exchange.ExchangeApplication;
import org.ddrrbus.iom.IomApplication;
import org.ddrrbus.nctc.NctcApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/**
 * {@code ddrr run <component>}: one component on its own, as a container of {@code docker-compose.yml} runs it. It
 * connects to {@code KAFKA_BOOTSTRAP} with {@code KAFKA_PASSWORD}; any setting can be given as {@code --key=value} or
 * in the environment ({@code DDRR_SERVICE_USERS_0_NAME}, ...).
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description =
                "Run one component (exchange, dashboard, nctc, iom, cicc, county, embassy) against KAFKA_BOOTSTRAP.")
public final class RunCommand implements Callable<Integer> {

    private static final Map<String, Supplier<SpringApplicationBuilder>> COMPONENTS = Map.of(
            "exchange", ExchangeApplication::application,
            "dashboard", DashboardApplication::application,
            "nctc", NctcApplication::application,
            "iom", IomApplication::application,
            "cicc", CiccApplication::application,
            "county", CountyApplication::application,
            "embassy", EmbassyApplication::application);

    /** The components a container can run, by name. */
    public static java.util.Set<String> components() {
        return COMPONENTS.keySet();
    }

    @Parameters(index = "0", paramLabel = "component")
    String component;

    @Unmatched
    String[] settings = new String[0];

    @Override
    public Integer call() throws InterruptedException {
        Supplier<SpringApplicationBuilder> application = COMPONENTS.get(component);
        if (application == null) {
            throw new IllegalArgumentException("unknown component '" + component + "': one of "
                    + String.join(", ", COMPONENTS.keySet().stream().sorted().toList()));
        }
        application.get().run(settings);
        Thread.currentThread().join();
        return 0;
    }
}
