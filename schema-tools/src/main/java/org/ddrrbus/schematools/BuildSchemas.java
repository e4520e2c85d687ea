package org.ddrrbus.schematools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.compiler.specific.SpecificCompiler;
import org.apache.avro.generic.GenericData;

/**
 * The schemas module's build step: refuse a catalogue that breaks the rules or compatibility, then generate Java
 * classes for the latest version of each event and package every version as a resource.
 *
 * <p>Arguments: catalogue directory, Java output directory, resource output directory, and optionally the catalogue's
 * namespace and resource folder (default: the event catalogue, {@code org.ddrrbus.events} under {@code ddrr-schemas};
 * the exchange's state schemas use {@code org.ddrrbus.state} under {@code ddrr-state-schemas}).
 * A Java output directory of {@code -} generates no classes: a catalogue read only as generic records, such as the key
 * directory's, still passes the same rules and compatibility gate. A failed check throws, which fails the Maven build
 * with the findings as its message.
 */
public final class BuildSchemas {

    private BuildSchemas() {}

    static final String EVENT_RESOURCES = "ddrr-schemas";
    static final String NO_JAVA = "-";

    public static void main(String[] args) throws IOException {
        if (args.length != 3 && args.length != 5) {
            throw new IllegalArgumentException("usage: BuildSchemas <catalogue dir> <java out | -> <resources out>"
                    + " [<namespace> <resource folder>]");
        }
        Path catalogueDir = Path.of(args[0]);
        String namespace = args.length == 5 ? args[3] : CatalogueRules.NAMESPACE;
        String resourceFolder = args.length == 5 ? args[4] : EVENT_RESOURCES;
        SchemaCatalogue catalogue = SchemaCatalogue.load(catalogueDir);
        List<Finding> findings = verify(catalogue, namespace);
        if (!findings.isEmpty()) {
            throw new IllegalStateException("schema catalogue refused:\n  "
                    + String.join(
                            "\n  ", findings.stream().map(Finding::toString).toList()));
        }
        if (!NO_JAVA.equals(args[1])) {
            generateJava(catalogue, Path.of(args[1]));
        }
        packageSchemas(catalogue, Path.of(args[2]).resolve(resourceFolder));
    }

    public static List<Finding> verify(SchemaCatalogue catalogue) {
        return verify(catalogue, CatalogueRules.NAMESPACE);
    }

    public static List<Finding> verify(SchemaCatalogue catalogue, String namespace) {
        List<Finding> findings = new ArrayList<>(new CatalogueRules(namespace).check(catalogue));
        findings.addAll(new CompatibilityGate().check(catalogue));
        return findings;
    }

    private static void generateJava(SchemaCatalogue catalogue, Path javaOut) throws IOException {
        Files.createDirectories(javaOut);
        for (SchemaVersion latest : catalogue.latestVersions()) {
            SpecificCompiler compiler = new SpecificCompiler(latest.schema());
            compiler.setStringType(GenericData.StringType.String);
            compiler.setFieldVisibility(SpecificCompiler.FieldVisibility.PRIVATE);
            compiler.setCreateSetters(false);
            compiler.setOutputCharacterEncoding("UTF-8");
            compiler.compileToDestination(latest.file().toFile(), javaOut.toFile());
        }
    }

    /** Every version travels with the classes, so a reader on the latest version can resolve data of any older one. */
    private static void packageSchemas(SchemaCatalogue catalogue, Path root) throws IOException {
        List<String> index = new ArrayList<>();
        for (SchemaVersion v : catalogue.allVersions()) {
            Path target = root.resolve(v.relativePath());
            Files.createDirectories(target.getParent());
            Files.copy(v.file(), target, StandardCopyOption.REPLACE_EXISTING);
            index.add(v.relativePath());
        }
        Files.write(root.resolve("index"), index);
    }
}
