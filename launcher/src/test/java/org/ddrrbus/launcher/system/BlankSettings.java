package org.ddrrbus.launcher.system;

import java.nio.file.Path;
import java.util.List;

/** Settings with no connection and no staff, for tests of the arguments {@code ./ddrr up} gives each component. */
final class BlankSettings implements BusSystem.Settings {

    static final BusSystem.Settings INSTANCE = new BlankSettings();

    @Override
    public List<String> connection(String component) {
        return List.of();
    }

    @Override
    public List<StaffAccounts.Account> staff(String component) {
        return List.of();
    }

    @Override
    public Path stateDir(String component) {
        return Path.of("state", component);
    }
}
