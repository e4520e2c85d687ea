package org.ddrrbus.client.start;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

/**
 * No component starts with a value copied unchanged from {@code deploy/example.env}: every one of those is a
 * placeholder beginning {@code change-me}, published with the code, and a bus started with them has passwords everyone
 * knows. Checked for the command line ({@link #refuseIn(Map)} on the environment) and for every Spring component, in
 * all its settings whatever their source (arguments, environment, files), before anything connects.
 */
public final class ExampleSecrets implements EnvironmentPostProcessor {

    /** How every placeholder of {@code deploy/example.env} begins. */
    public static final String PLACEHOLDER = "change-me";

    /** Refuses the first setting that still holds a placeholder, naming it. */
    public static void refuseIn(Map<String, ?> settings) {
        placeholder(settings).ifPresent(name -> {
            throw new StartRefused(name + " still holds the example value from deploy/example.env ('" + PLACEHOLDER
                    + "-...'): set a secret of your own before starting");
        });
    }

    static Optional<String> placeholder(Map<String, ?> settings) {
        return new TreeMap<>(settings)
                .entrySet().stream()
                        .filter(e -> e.getValue() instanceof CharSequence value
                                && value.toString()
                                        .strip()
                                        .toLowerCase(Locale.ROOT)
                                        .startsWith(PLACEHOLDER))
                        .map(Map.Entry::getKey)
                        .findFirst();
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> settings = new TreeMap<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> enumerable) {
                for (String name : enumerable.getPropertyNames()) {
                    settings.putIfAbsent(name, enumerable.getProperty(name));
                }
            }
        }
        refuseIn(settings);
    }
}
