package org.ddrrbus.launcher.system;

import java.util.List;
import org.ddrrbus.broker.FreePorts;

/**
 * Where each part of the system listens. The exchange's port serves its health probes, its metrics and the key requests
 * of the components on this machine, on loopback; {@code keyHolder} is its HTTPS port for the key requests of nodes on
 * other machines, on the address the broker is advertised at.
 */
public record Ports(
        int kafka,
        int controller,
        int dashboard,
        int nctc,
        int iom,
        int cicc,
        int county,
        int embassy,
        int exchange,
        int keyHolder) {

    /** The documented defaults of {@code ./ddrr up}. */
    public static Ports standard() {
        return new Ports(9092, 9093, 8080, 8081, 8082, 8083, 8084, 8085, 8090, 8091);
    }

    /**
     * The defaults of a national bus: Kenya's ({@code ke}) are {@link #standard()}; any other country's bus on the same
     * machine (e.g. {@code so}) has every port 100 higher, so that the two never clash.
     */
    public static Ports forCountry(String country) {
        return "ke".equals(country) ? standard() : standard().shifted(100);
    }

    /** These ports, each {@code by} higher. */
    public Ports shifted(int by) {
        return new Ports(
                kafka + by,
                controller + by,
                dashboard + by,
                nctc + by,
                iom + by,
                cicc + by,
                county + by,
                embassy + by,
                exchange + by,
                keyHolder + by);
    }

    /** Free ports, for tests that run a whole system beside others. */
    public static Ports free() {
        return new Ports(
                FreePorts.next(),
                FreePorts.next(),
                FreePorts.next(),
                FreePorts.next(),
                FreePorts.next(),
                FreePorts.next(),
                FreePorts.next(),
                FreePorts.next(),
                FreePorts.next(),
                FreePorts.next());
    }

    /** The components that serve HTTP, in the order of their ports among the record's. */
    private static final List<String> SERVICES =
            List.of("dashboard", "nctc", "iom", "cicc", "county", "embassy", "exchange");

    public int of(String service) {
        int at = SERVICES.indexOf(service);
        if (at < 0) {
            throw new IllegalArgumentException("no service " + service);
        }
        return services()[at];
    }

    /** These ports, with {@code service} on {@code port} (unchanged for a name that is not a service's). */
    public Ports with(String service, int port) {
        int at = SERVICES.indexOf(service);
        if (at < 0) {
            return this;
        }
        int[] p = services();
        p[at] = port;
        return new Ports(kafka, controller, p[0], p[1], p[2], p[3], p[4], p[5], p[6], keyHolder);
    }

    private int[] services() {
        return new int[] {dashboard, nctc, iom, cicc, county, embassy, exchange};
    }
}
