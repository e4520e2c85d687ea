package org.ddrrbus.client.agreement;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ddrrbus.client.text.OneLine;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * One reading of one YAML document: its nodes read as the shapes the agreement expects (a mapping with known keys, a
 * list, a single value, a number, a period), where every mismatch becomes a problem with its line instead of an
 * exception, so that a reader reports all of a file's problems at once. What the keys mean is {@link AgreementLoader}'s
 * business; this class knows only YAML. Public so that other agreements (the federation agreement) read YAML the same way.
 */
public final class YamlNodes {

    private final String source;
    private final List<AgreementException.Problem> problems = new ArrayList<>();

    /**
     * The text of an agreement file. A file that is missing or not UTF-8 is a problem with the agreement, reported as
     * such at line 0; any other failure to read it is not.
     */
    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new AgreementException(List.of(new AgreementException.Problem(file.toString(), 0, "not UTF-8 text")));
        } catch (NoSuchFileException e) {
            throw new AgreementException(List.of(new AgreementException.Problem(file.toString(), 0, "file not found")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public YamlNodes(String source) {
        this.source = source;
    }

    /** The document's root node; a document that is not YAML at all is refused at once, with its line. */
    public Node compose(String yaml) {
        try {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(20);
            options.setCodePointLimit(1024 * 1024);
            return new Yaml(options).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new AgreementException(List.of(
                    new AgreementException.Problem(source, line, oneLine("not valid YAML: " + e.getProblem()))));
        } catch (YAMLException e) {
            throw new AgreementException(
                    List.of(new AgreementException.Problem(source, 0, oneLine("not valid YAML: " + e.getMessage()))));
        }
    }

    /** Refuses the document with every problem found, if there was any. */
    public void refuseIfProblems() {
        if (!problems.isEmpty()) {
            throw new AgreementException(problems);
        }
    }

    public Period period(Node node) {
        String text = scalar(node, "retention");
        try {
            return Period.parse(text);
        } catch (DateTimeParseException e) {
            problem(node, "retention '" + text + "' is not an ISO-8601 period such as P10Y or P6M");
            return Period.ZERO;
        }
    }

    public int integer(Node node, String what) {
        String text = scalar(node, what);
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            problem(node, what + " must be a whole number, not '" + text + "'");
            return 0;
        }
    }

    public Map<String, NodeTuple> entries(Node node, Set<String> allowed, String context) {
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping(node, context)) {
            String key = scalar(tuple.getKeyNode(), "key");
            if (!allowed.contains(key)) {
                problem(
                        tuple.getKeyNode(),
                        "unknown key '" + key + "' in " + context + " (allowed: "
                                + String.join(", ", allowed.stream().sorted().toList()) + ")");
            } else if (entries.put(key, tuple) != null) {
                problem(tuple.getKeyNode(), "key '" + key + "' appears twice in " + context);
            }
        }
        return entries;
    }

    public List<NodeTuple> mapping(Node node, String context) {
        if (node instanceof MappingNode mapping) {
            List<NodeTuple> tuples = mapping.getValue();
            Set<String> seen = new LinkedHashSet<>();
            for (NodeTuple tuple : tuples) {
                if (tuple.getKeyNode() instanceof ScalarNode key && !seen.add(key.getValue())) {
                    problem(key, "'" + key.getValue() + "' appears twice in " + context);
                }
            }
            return tuples;
        }
        if (node instanceof ScalarNode scalar
                && (scalar.getValue().isEmpty() || scalar.getValue().equals("null"))) {
            return List.of();
        }
        problem(node, context + " must be a mapping");
        return List.of();
    }

    public List<Node> sequence(Node node, String context) {
        if (node instanceof SequenceNode sequence) {
            return sequence.getValue();
        }
        if (node instanceof ScalarNode scalar && scalar.getTag() == org.yaml.snakeyaml.nodes.Tag.NULL) {
            return List.of();
        }
        problem(node, context + " must be a list, e.g. [a, b]");
        return List.of();
    }

    public String scalar(Node node, String what) {
        if (node instanceof ScalarNode scalar) {
            return scalar.getValue();
        }
        problem(node, what + " must be a single value");
        return "";
    }

    public Node required(Map<String, NodeTuple> entries, String key, Node parent) {
        NodeTuple tuple = entries.get(key);
        if (tuple == null) {
            problem(parent, "missing '" + key + "'");
            return new ScalarNode(
                    org.yaml.snakeyaml.nodes.Tag.NULL,
                    "",
                    parent.getStartMark(),
                    parent.getEndMark(),
                    org.yaml.snakeyaml.DumperOptions.ScalarStyle.PLAIN);
        }
        return tuple.getValueNode();
    }

    public void problem(Node node, String message) {
        problems.add(new AgreementException.Problem(source, node.getStartMark().getLine() + 1, oneLine(message)));
    }

    /** Values quoted in a problem may hold line breaks; a problem is one line, so they are shown as '?'. */
    static String oneLine(String message) {
        return OneLine.of(message, 300);
    }
}
