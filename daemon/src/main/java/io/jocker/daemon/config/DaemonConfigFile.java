package io.jocker.daemon.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.jocker.common.error.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The daemon's JSON configuration file, with the keys of dockerd's daemon.json where they apply.
 * Like dockerd, a key it does not know is an error rather than silently ignored, so a typo never
 * leaves a user believing a setting took effect. Immutable.
 */
public final class DaemonConfigFile {
    static final Set<String> KEYS = Set.of("hosts", "data-root", "exec-root", "pidfile", "log-level", "debug",
            "bridge", "cgroup-parent", "storage-driver", "default-runtime", "runtimes", "labels");
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private final JsonNode root;

    private DaemonConfigFile(JsonNode root) {
        this.root = root;
    }

    public static DaemonConfigFile empty() {
        return new DaemonConfigFile(MAPPER.createObjectNode());
    }

    public static DaemonConfigFile read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw EngineException.invalidArgument("unable to configure the jocker daemon with file " + file
                    + ": open " + file + ": no such file or directory");
        } catch (IOException e) {
            throw EngineException.invalidArgument("unable to configure the jocker daemon with file " + file + ": "
                    + e.getMessage());
        }
        JsonNode root;
        try {
            root = bytes.length == 0 ? MAPPER.createObjectNode() : MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw EngineException.invalidArgument("unable to configure the jocker daemon with file " + file + ": "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw EngineException.invalidArgument("unable to configure the jocker daemon with file " + file);
        }
        if (!root.isObject()) {
            throw EngineException.invalidArgument("unable to configure the jocker daemon with file " + file
                    + ": the file must hold a JSON object");
        }
        Set<String> unknown = new TreeSet<>();
        root.fieldNames().forEachRemaining(name -> {
            if (!KEYS.contains(name)) {
                unknown.add(name);
            }
        });
        if (!unknown.isEmpty()) {
            throw EngineException.invalidArgument("unable to configure the jocker daemon with file " + file
                    + ": the following directives don't match any configuration option: " + String.join(", ", unknown));
        }
        return new DaemonConfigFile(root);
    }

    public Optional<String> string(String key) {
        JsonNode value = root.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw EngineException.invalidArgument("configuration key \"" + key + "\" must be a string");
        }
        return Optional.of(value.asText());
    }

    public Optional<Boolean> bool(String key) {
        JsonNode value = root.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw EngineException.invalidArgument("configuration key \"" + key + "\" must be true or false");
        }
        return Optional.of(value.asBoolean());
    }

    public List<String> strings(String key) {
        JsonNode value = root.get(key);
        List<String> values = new ArrayList<>();
        if (value == null || value.isNull()) {
            return values;
        }
        if (!value.isArray()) {
            throw EngineException.invalidArgument("configuration key \"" + key + "\" must be a list of strings");
        }
        for (JsonNode element : value) {
            if (!element.isTextual()) {
                throw EngineException.invalidArgument("configuration key \"" + key + "\" must be a list of strings");
            }
            values.add(element.asText());
        }
        return values;
    }

    /** {@code "runtimes": {"name": {"path": "/usr/bin/x"}}}, as in daemon.json. */
    public Map<String, String> runtimes() {
        Map<String, String> runtimes = new LinkedHashMap<>();
        JsonNode value = root.get("runtimes");
        if (value == null || value.isNull()) {
            return runtimes;
        }
        if (!value.isObject()) {
            throw EngineException.invalidArgument("configuration key \"runtimes\" must be an object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode path = entry.getValue().get("path");
            if (path == null || !path.isTextual() || path.asText().isEmpty()) {
                throw EngineException.invalidArgument("runtime \"" + entry.getKey() + "\" needs a \"path\"");
            }
            runtimes.put(entry.getKey(), path.asText());
        }
        return runtimes;
    }
}
