package org.ddrrbus.launcher.partner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.keys.DirectoryAnchor;
import org.ddrrbus.client.text.OneLine;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.launcher.system.BusAddress;
import org.ddrrbus.provisioning.Credentials;
import org.ddrrbus.provisioning.Provisioner;

/**
 * The operator's part of enrolling a node: a new Kafka password set on the broker (which keeps only its salted hash)
 * and handed over in an enrolment, together with what the node needs to trust the bus. The password is kept nowhere
 * on the operator's side.
 *
 * @param bus where the bus is, and the key holder's HTTPS address when the bus seals (given to the node)
 * @param caCertificate the bus CA's certificate file, when the bus speaks TLS
 * @param agreementText the agreement the bus runs, given to the node as it is
 */
public record Enroller(
        BusAddress bus,
        Optional<Path> caCertificate,
        DirectoryAnchor anchor,
        SharingAgreement agreement,
        String agreementText) {

    /** Who can be enrolled: the agreement's agencies, and the bus's own components (exchange, dashboard). */
    public void requireEnrollable(String principal) {
        if (!agreement.agencies().containsKey(principal)
                && !principal.equals(Components.EXCHANGE)
                && !principal.equals(Components.DASHBOARD)) {
            throw new IllegalArgumentException("'" + OneLine.of(principal, 40) + "' is not an agency of the sharing"
                    + " agreement: add it to config/sharing-agreement.yaml and provision (./ddrr provision apply)"
                    + " first");
        }
    }

    /** A first enrolment: refused when the principal has a password already (that is a rotation). */
    public Enrolment enrol(Admin admin, String principal) {
        requireEnrollable(principal);
        if (Provisioner.hasUser(admin, principal)) {
            throw new IllegalStateException(principal + " is enrolled already: ./ddrr partner rotate-password "
                    + principal + " gives it a new password");
        }
        return issue(admin, principal);
    }

    /** A new password for an enrolled principal; the others keep running, and so does it until it reconnects. */
    public Enrolment rotate(Admin admin, String principal) {
        requireEnrollable(principal);
        if (!Provisioner.hasUser(admin, principal)) {
            throw new IllegalStateException(
                    principal + " is not enrolled yet: ./ddrr partner enrol " + principal + " enrols it");
        }
        return issue(admin, principal);
    }

    /** Sets a new password and returns the enrolment that carries it, whether or not the principal had one. */
    public Enrolment issue(Admin admin, String principal) {
        requireEnrollable(principal);
        String password = Credentials.generate(24);
        Provisioner.setPassword(admin, principal, password);
        return enrolment(principal, password);
    }

    /** The enrolment of a principal whose password is already set: to bring a node home up to date with the bus. */
    public Enrolment enrolment(String principal, String password) {
        return new Enrolment(
                principal,
                bus.bootstrapServers(),
                bus.securityProtocol(),
                password,
                caCertificate.map(Enroller::read),
                anchor,
                agreementText,
                bus.keyHolder());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bus's CA certificate " + file, e);
        }
    }
}
