package io.jocker.storage.metadata;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jocker.common.durable.DurableFiles;
import io.jocker.common.error.EngineException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A directory of versioned JSON records of one type, each replaced atomically (see package doc for
 * the layout). Records are Java records read leniently: unknown fields are ignored so an older
 * jocker can read what a newer one wrote as long as the version number allows it.
 *
 * <p>Thread-safe for distinct keys. Writers of the same key must be serialised by the caller (the
 * owning service holds a lock per object); readers always see a complete record.
 *
 * @param <T> the record type
 */
public final class RecordStore<T> {
    /**
     * At most 200 characters: the file is "{key}.json" and its temporary sibling
     * ".{key}.json.{16 hex}.tmp", both within the 255-byte name limit of Linux filesystems.
     */
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,199}");
    private static final String SUFFIX = ".json";
    /** Times are written as RFC 3339 text, readable by people and by any later format version. */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private final Path dir;
    private final Class<T> type;
    private final int version;

    /**
     * Opens (creating if needed) the store in {@code dir} and deletes temporary files a crash left.
     *
     * @param version the format version this code writes; records with a higher version are refused
     */
    public static <T> RecordStore<T> open(Path dir, Class<T> type, int version) {
        try {
            Files.createDirectories(dir);
            try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, "*" + DurableFiles.TEMP_SUFFIX)) {
                for (Path temp : temps) {
                    Files.deleteIfExists(temp);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("opening record store " + dir, e);
        }
        return new RecordStore<>(dir, type, version);
    }

    private RecordStore(Path dir, Class<T> type, int version) {
        this.dir = dir;
        this.type = type;
        this.version = version;
    }

    public Optional<T> read(String key) {
        Path file = fileOf(key);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("reading record " + file, e);
        }
        try {
            JsonNode envelope = MAPPER.readTree(bytes);
            int found = envelope.path("version").asInt(-1);
            if (found < 1 || found > version) {
                throw EngineException.internal("record " + file + " has format version " + found
                        + "; this jocker reads versions 1 to " + version, null);
            }
            JsonNode record = envelope.get("record");
            if (record == null || record.isNull()) {
                throw EngineException.internal("record " + file + " is corrupt: it holds no record", null);
            }
            return Optional.of(MAPPER.treeToValue(record, type));
        } catch (IOException e) {
            throw EngineException.internal("record " + file + " is corrupt: " + e.getMessage(), e);
        }
    }

    public void write(String key, T record) {
        Path file = fileOf(key);
        ObjectNode envelope = MAPPER.createObjectNode();
        envelope.put("version", version);
        envelope.set("record", MAPPER.valueToTree(record));
        try {
            DurableFiles.writeAtomically(file, MAPPER.writeValueAsBytes(envelope));
        } catch (IOException e) {
            throw new UncheckedIOException("writing record " + file, e);
        }
    }

    public boolean delete(String key) {
        try {
            return DurableFiles.deleteDurably(fileOf(key));
        } catch (IOException e) {
            throw new UncheckedIOException("deleting record " + fileOf(key), e);
        }
    }

    /** The keys of all complete records, in no particular order. */
    public List<String> keys() {
        List<String> keys = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String key = name.substring(0, name.length() - SUFFIX.length());
                if (KEY.matcher(key).matches()) {
                    keys.add(key);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("listing record store " + dir, e);
        }
        return keys;
    }

    private Path fileOf(String key) {
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("invalid record key: " + key);
        }
        return dir.resolve(key + SUFFIX);
    }
}
