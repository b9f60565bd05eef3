package io.jocker.image.change;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jocker.common.error.EngineException;
import io.jocker.oci.config.ContainerConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code --change} instructions of {@code import} and {@code commit}: Dockerfile instructions
 * that only alter the image config (CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, ONBUILD, STOPSIGNAL,
 * USER, VOLUME, WORKDIR), applied in order. Shell forms of CMD and ENTRYPOINT run under
 * {@code /bin/sh -c}, as Dockerfiles do. The Dockerfile parser of the build issue will supersede
 * this reader for the shared instructions. Thread-safe (stateless).
 */
public final class ConfigChanges {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConfigChanges() {}

    public static ContainerConfig apply(ContainerConfig base, List<String> changes) {
        ContainerConfig.Builder config = base.toBuilder();
        for (String change : changes) {
            String line = change.strip();
            if (line.isEmpty()) {
                continue;
            }
            int space = indexOfWhitespace(line);
            String instruction = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
            String args = space < 0 ? "" : line.substring(space).strip();
            switch (instruction) {
                case "CMD" -> config.cmd(command(args));
                case "ENTRYPOINT" -> config.entrypoint(command(args));
                case "ENV" -> pairs(instruction, args).forEach(p -> config.env(p[0], p[1]));
                case "LABEL" -> pairs(instruction, args).forEach(p -> config.label(p[0], p[1]));
                case "EXPOSE" -> words(args).forEach(port -> config.exposedPort(port.contains("/") ? port : port + "/tcp"));
                case "USER" -> config.user(required(instruction, args));
                case "WORKDIR" -> config.workingDir(required(instruction, args));
                case "STOPSIGNAL" -> config.stopSignal(required(instruction, args));
                case "VOLUME" -> listOrWords(args).forEach(config::volume);
                case "ONBUILD" -> config.onBuild(required(instruction, args));
                default -> throw EngineException.invalidArgument(instruction.isEmpty() ? "empty change"
                        : instruction + " is not a valid change command");
            }
        }
        return config.build();
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static String required(String instruction, String args) {
        if (args.isEmpty()) {
            throw EngineException.invalidArgument(instruction + " requires exactly one argument");
        }
        return args;
    }

    /** JSON form ["a","b"] as given; anything else is a shell form. */
    private static List<String> command(String args) {
        List<String> json = jsonArray(args);
        return json != null ? json : List.of("/bin/sh", "-c", args);
    }

    private static List<String> listOrWords(String args) {
        List<String> json = jsonArray(args);
        return json != null ? json : words(args);
    }

    private static List<String> jsonArray(String args) {
        if (!args.startsWith("[")) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(args);
            if (!node.isArray()) {
                return null;
            }
            List<String> values = new ArrayList<>();
            for (JsonNode element : node) {
                if (!element.isTextual()) {
                    return null;
                }
                values.add(element.asText());
            }
            return values;
        } catch (IOException e) {
            return null; // not JSON: the shell form, as Dockerfiles treat it
        }
    }

    private static List<String> words(String args) {
        List<String> words = new ArrayList<>();
        for (String word : args.split("\\s+")) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }

    /** {@code k=v k2="v 2"}, or the legacy {@code k v} form with a single pair. */
    private static List<String[]> pairs(String instruction, String args) {
        List<String[]> pairs = new ArrayList<>();
        if (args.isEmpty()) {
            throw EngineException.invalidArgument(instruction + " requires at least one argument");
        }
        int firstSpace = indexOfWhitespace(args);
        String firstWord = firstSpace < 0 ? args : args.substring(0, firstSpace);
        if (!firstWord.contains("=")) {
            if (firstSpace < 0) {
                throw EngineException.invalidArgument(instruction + " must have two arguments");
            }
            pairs.add(new String[] {firstWord, unquote(args.substring(firstSpace).strip())});
            return pairs;
        }
        for (String token : tokens(args)) {
            int eq = token.indexOf('=');
            if (eq <= 0) {
                throw EngineException.invalidArgument("Syntax error - can't find = in \"" + token
                        + "\". Must be of the form: name=value");
            }
            pairs.add(new String[] {token.substring(0, eq), unquote(token.substring(eq + 1))});
        }
        return pairs;
    }

    /** Splits on whitespace outside double or single quotes. */
    private static List<String> tokens(String args) {
        List<String> tokens = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        for (char c : args.toCharArray()) {
            if (quote != 0) {
                current.append(c);
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                current.append(c);
            } else if (Character.isWhitespace(c)) {
                if (!current.isEmpty()) {
                    tokens.add(current.toString());
                    current.setLength(0);
                }
            } else {
                current.append(c);
            }
        }
        if (!current.isEmpty()) {
            tokens.add(current.toString());
        }
        return tokens;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
