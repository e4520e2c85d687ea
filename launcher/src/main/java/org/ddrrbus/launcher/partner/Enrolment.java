package org.ddrrbus.launcher.partner;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import org.ddrrbus.client.agreement.AgreementException;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.keys.DirectoryAnchor;
import org.ddrrbus.client.subjectkeys.HttpSubjectKeys;
import org.ddrrbus.client.text.OneLine;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.EventCatalogue;

/**
 * What the operator hands a partner so that its node can join the bus: which agency it is, where the bus is and how
 * to log in (its Kafka password, the bus's CA certificate when the bus speaks TLS), the key directory's trust anchor,
 * the sharing agreement, and where to ask for people's keys when the bus seals. One owner-only file, written once and
 * given to the partner; the operator keeps no copy.
 *
 * @param caCertificate the PEM of the bus's CA, when the bus has one
 * @param keyHolder the key holder's HTTPS address (the exchange's, with a certificate of the bus CA), when the bus
 *     seals: the node's components seal what they publish about a person and open what they read with keys asked there
 */
public record Enrolment(
        String agency,
        String bootstrapServers,
        String securityProtocol,
        String password,
        Optional<String> caCertificate,
        DirectoryAnchor anchor,
        String agreement,
        Optional<String> keyHolder) {

    public static final String FORMAT = "ddrr-enrolment-v1";
    /** The field of the key holder's address, optional: an enrolment without it is one of a bus that does not seal. */
    static final String KEY_HOLDER = "key.holder";
    /** An agreement is some tens of kilobytes; a file much larger than this is not an enrolment. */
    static final long MAX_BYTES = 1_000_000;

    private static final Pattern PASSWORD = Pattern.compile("[A-Za-z0-9]{16,128}");
    private static final Pattern BOOTSTRAP = Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]+(,[A-Za-z0-9.\\-\\[\\]:]+)*");
    private static final List<String> PROTOCOLS = List.of("SASL_PLAINTEXT", "SASL_SSL");

    public Enrolment {
        caCertificate = caCertificate.filter(pem -> !pem.isBlank());
        keyHolder = keyHolder.filter(url -> !url.isBlank());
    }

    /** The agreement the enrolment carries, checked as every component checks it. */
    public SharingAgreement sharingAgreement() {
        return new AgreementLoader(EventCatalogue.get()).parse(agreement, "the enrolment's agreement");
    }

    public String text() {
        Properties props = new Properties();
        props.setProperty("format", FORMAT);
        props.setProperty("agency", agency);
        props.setProperty("bootstrap.servers", bootstrapServers);
        props.setProperty("security.protocol", securityProtocol);
        props.setProperty("password", password);
        caCertificate.ifPresent(pem -> props.setProperty("ca.certificate", pem));
        props.setProperty("directory.anchor", Base64.getEncoder().encodeToString(anchor.publicKey()));
        props.setProperty("agreement", agreement);
        keyHolder.ifPresent(url -> props.setProperty(KEY_HOLDER, url));
        StringWriter out = new StringWriter();
        try {
            props.store(
                    out,
                    " The enrolment of " + agency + " on the ddrr bus: it holds " + agency + "'s Kafka password.\n"
                            + " Keep secret; take it to the node (./ddrr node init " + agency
                            + " --enrolment <this file>), then delete it.");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Writes the file readable by its owner only, from its first byte on; an existing file is refused. */
    public void write(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            try {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
            Files.writeString(file, text(), StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new IllegalArgumentException(
                    file + " already exists: give another --out, or delete the old enrolment first");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the enrolment " + file, e);
        }
    }

    /** Reads an enrolment, refusing in one line anything that is not exactly one. */
    public static Enrolment read(Path file) {
        String text;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw refused(file.toString(), "it is larger than " + MAX_BYTES + " bytes");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(
                    "no enrolment at " + file + ": the operator makes it with ./ddrr" + " partner enrol <agency>");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the enrolment " + file + ": " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    static Enrolment parse(String text, String source) {
        Properties props = new Properties();
        try {
            props.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            throw refused(source, "it is not a properties file");
        }
        if (!FORMAT.equals(props.getProperty("format"))) {
            throw refused(source, "format is '" + OneLine.of(props.getProperty("format", ""), 40) + "', not " + FORMAT);
        }
        String agency = required(props, source, "agency");
        if (!Topics.isAgencyId(agency)) {
            throw refused(source, "'" + OneLine.of(agency, 40) + "' is not an agency id");
        }
        String bootstrap = required(props, source, "bootstrap.servers");
        if (!BOOTSTRAP.matcher(bootstrap).matches()) {
            throw refused(source, "bootstrap.servers is not a list of host:port");
        }
        String protocol = required(props, source, "security.protocol");
        if (!PROTOCOLS.contains(protocol)) {
            throw refused(source, "security.protocol is '" + OneLine.of(protocol, 40) + "', not one of " + PROTOCOLS);
        }
        String password = required(props, source, "password");
        if (!PASSWORD.matcher(password).matches()) {
            throw refused(source, "password is not one the operator made");
        }
        Optional<String> ca = Optional.ofNullable(props.getProperty("ca.certificate"));
        if (ca.isPresent() && !ca.get().contains("-----BEGIN CERTIFICATE-----")) {
            throw refused(source, "ca.certificate is not a PEM certificate");
        }
        if (ca.isEmpty() && protocol.equals("SASL_SSL")) {
            throw refused(source, "the bus speaks TLS but no ca.certificate is given");
        }
        DirectoryAnchor anchor;
        try {
            anchor = new DirectoryAnchor(Base64.getDecoder().decode(required(props, source, "directory.anchor")));
        } catch (IllegalArgumentException e) {
            throw refused(source, "directory.anchor is not the base64 of a 32-byte Ed25519 public key");
        }
        Optional<String> keyHolder = Optional.ofNullable(props.getProperty(KEY_HOLDER))
                .map(String::strip)
                .filter(url -> !url.isEmpty());
        if (keyHolder.isPresent()) {
            try {
                HttpSubjectKeys.requireSecure(URI.create(keyHolder.get()));
            } catch (IllegalArgumentException e) {
                throw refused(source, KEY_HOLDER + ": " + e.getMessage());
            }
        }
        Enrolment enrolment = new Enrolment(
                agency, bootstrap, protocol, password, ca, anchor, required(props, source, "agreement"), keyHolder);
        try {
            enrolment.sharingAgreement();
        } catch (AgreementException e) {
            throw refused(source, "its agreement is not valid: " + OneLine.of(e.getMessage(), 120));
        }
        return enrolment;
    }

    private static String required(Properties props, String source, String name) {
        String value = props.getProperty(name);
        if (value == null || value.isBlank()) {
            throw refused(source, "the field " + name + " is missing");
        }
        return value.strip();
    }

    private static IllegalArgumentException refused(String source, String why) {
        return new IllegalArgumentException(source + " is not an enrolment: " + why);
    }

    @Override
    public String toString() {
        return "Enrolment[" + agency + " at " + bootstrapServers + "]";
    }
}
