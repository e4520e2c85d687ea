package org.ddrrbus.launcher.system;

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

    public int of(String service) {
        return switch (service) {
            case "dashboard" -> dashboard;
            case "nctc" -> nctc;
            case "iom" -> iom;
            case "cicc" -> cicc;
            case "county" -> county;
            case "embassy" -> embassy;
            case "exchange" -> exchange;
            default -> throw new IllegalArgumentException("no service " + service);
        };
    }

    /** These ports, with {@code service} on {@code port}. */
    public Ports with(String service, int port) {
        return switch (service) {
            case "dashboard" ->
                new Ports(kafka, controller, port, nctc, iom, cicc, county, embassy, exchange, keyHolder);
            case "nctc" ->
                new Ports(kafka, controller, dashboard, port, iom, cicc, county, embassy, exchange, keyHolder);
            case "iom" ->
                new Ports(kafka, controller, dashboard, nctc, port, cicc, county, embassy, exchange, keyHolder);
            case "cicc" ->
                new Ports(kafka, controller, dashboard, nctc, iom, port, county, embassy, exchange, keyHolder);
            case "county" ->
                new Ports(kafka, controller, dashboard, nctc, iom, cicc, port, embassy, exchange, keyHolder);
            case "embassy" ->
                new Ports(kafka, controller, dashboard, nctc, iom, cicc, county, port, exchange, keyHolder);
            case "exchange" ->
                new Ports(kafka, controller, dashboard, nctc, iom, cicc, county, embassy, port, keyHolder);
            default -> this;
        };
    }
}
