package io.jocker.image.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The archives saved by the real Docker under fixtures/images, and what Docker said about them. */
final class Fixtures {
    private Fixtures() {}

    static Path dir() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("fixtures/images"))) {
                return p.resolve("fixtures/images");
            }
        }
        throw new IllegalStateException("fixtures/images not found above " + here);
    }

    static Path archive(String name) {
        return dir().resolve(name);
    }

    static JsonNode expected() {
        try {
            return new ObjectMapper().readTree(dir().resolve("expected.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String imageId(String tag) {
        return expected().path("images").path(tag).path("Id").asText();
    }
}
