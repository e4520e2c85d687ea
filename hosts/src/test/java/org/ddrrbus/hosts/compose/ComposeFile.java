package org.ddrrbus.hosts.compose;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The services of a compose file as Docker Compose reads them: YAML anchors and merge keys resolved, and every
 * {@code ${VAR}}, {@code ${VAR:-default}} and {@code ${VAR:?message}} replaced from the given {@code .env} values.
 */
record ComposeFile(Path folder, Map<String, Service> services) {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::([-?])([^}]*))?}");

    /** A volume or bind mount: a named volume, or a folder relative to the compose file (starting with a dot). */
    record Mount(String source, String target, boolean readOnly) {
        boolean named() {
            return !source.startsWith(".") && !source.startsWith("/");
        }
    }

    /** A service; {@code hostname} is the compose file's, or else its name; {@code restart} its policy. */
    record Service(
            String name,
            String hostname,
            String image,
            String restart,
            List<String> entrypoint,
            List<String> command,
            Map<String, String> environment,
            List<Mount> mounts) {}

    static ComposeFile load(Path file, Map<String, String> dotEnv) {
        Map<String, Object> document;
        try (Reader in = Files.newBufferedReader(file)) {
            document = new Yaml(new LoaderOptions()).load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Service> services = new LinkedHashMap<>();
        map(document.get("services")).forEach((name, body) -> services.put(name, service(name, map(body), dotEnv)));
        return new ComposeFile(file.toAbsolutePath().getParent(), services);
    }

    Service service(String name) {
        Service service = services.get(name);
        if (service == null) {
            throw new IllegalArgumentException("no service " + name + " in the compose file");
        }
        return service;
    }

    /** Where a bind mount's source is on this machine. */
    Path bindSource(Mount mount) {
        return folder.resolve(mount.source()).normalize();
    }

    private static Service service(String name, Map<String, Object> body, Map<String, String> dotEnv) {
        Map<String, String> environment = new LinkedHashMap<>();
        map(body.get("environment"))
                .forEach((key, value) -> environment.put(key, resolve(String.valueOf(value), dotEnv)));
        List<Mount> mounts = list(body.get("volumes")).stream()
                .map(String::valueOf)
                .map(spec -> {
                    String[] parts = spec.split(":");
                    return new Mount(parts[0], parts[1], parts.length > 2 && parts[2].equals("ro"));
                })
                .toList();
        return new Service(
                name,
                String.valueOf(body.getOrDefault("hostname", name)),
                String.valueOf(body.get("image")),
                String.valueOf(body.getOrDefault("restart", "no")),
                strings(body.get("entrypoint")),
                strings(body.get("command")),
                environment,
                mounts);
    }

    static String resolve(String value, Map<String, String> dotEnv) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String set = dotEnv.get(m.group(1));
            String replacement;
            if (set != null && !set.isEmpty()) {
                replacement = set;
            } else if ("-".equals(m.group(2))) {
                replacement = m.group(3);
            } else if ("?".equals(m.group(2))) {
                throw new IllegalArgumentException(m.group(1) + ": " + m.group(3));
            } else {
                replacement = "";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        return node == null ? Map.of() : (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object node) {
        return node == null ? List.of() : (List<Object>) node;
    }

    private static List<String> strings(Object node) {
        return list(node).stream().map(String::valueOf).toList();
    }
}
