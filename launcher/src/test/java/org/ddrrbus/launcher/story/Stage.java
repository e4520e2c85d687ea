package org.ddrrbus.launcher.story;

import java.nio.file.Path;
import java.util.Optional;
import org.ddrrbus.launcher.system.BusSystem;
import org.ddrrbus.launcher.system.Connection;
import org.ddrrbus.launcher.system.Ports;
import org.ddrrbus.launcher.system.StaffAccounts;
import org.ddrrbus.testing.TestBus;

/** Where the story is played: every component of the bus, in the test's JVM, on a test bus. */
public final class Stage {

    private Stage() {}

    /**
     * Every component on {@code bus}, on free ports, each logged in as its own principal, with {@code staff}'s accounts
     * and its state (Tomcat's scratch included) in {@code data}.
     */
    public static BusSystem on(TestBus bus, StaffAccounts staff, Path data) {
        return BusSystem.start(
                new Connection(
                        bus.bootstrapServers(),
                        bus.securityProtocol(),
                        bus.credentials(),
                        Optional.empty(),
                        bus.keysDir()),
                Ports.free(),
                staff,
                data);
    }
}
