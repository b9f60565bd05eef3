package io.jocker.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jocker.api.client.JsonTrees;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Progress streams shown as moby's jsonmessage shows them, on and off a terminal. */
class JsonMessageDisplayTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final List<JsonNode> aux = new ArrayList<>();

    private String show(boolean terminal, String... messages) {
        JsonMessageDisplay display = new JsonMessageDisplay(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                terminal, Clock.fixed(Instant.parse("2026-05-10T12:00:00Z"), ZoneOffset.UTC), ZoneOffset.UTC, aux::add);
        for (String message : messages) {
            display.accept(JsonTrees.read(message));
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void offATerminal_streamsAndStatuses_withoutProgressBars() {
        String out = show(false,
                "{\"stream\":\"Loaded image: bb:1\\n\"}",
                "{\"status\":\"Pulling fs layer\",\"progressDetail\":{},\"id\":\"2ccad9d1f397\"}",
                "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":3797,\"total\":300288},"
                        + "\"progress\":\"[>   ]  3.797kB/300.3kB\",\"id\":\"2ccad9d1f397\"}",
                "{\"status\":\"Digest: sha256:cc\"}",
                "{\"aux\":{\"ID\":\"sha256:d6\"}}");
        assertThat(out).isEqualTo("Loaded image: bb:1\n2ccad9d1f397: Pulling fs layer\nDigest: sha256:cc\n");
        assertThat(aux).hasSize(1);
    }

    @Test
    void onATerminal_redrawsEachIdsLineInPlace() {
        String out = show(true,
                "{\"status\":\"Loading layer\",\"progressDetail\":{\"current\":1,\"total\":2},\"id\":\"abc\"}",
                "{\"status\":\"Loading layer\",\"progressDetail\":{\"current\":2,\"total\":2},\"id\":\"abc\"}");
        String half = "[" + "=".repeat(25) + ">" + " ".repeat(25) + "] " + "      1B/2B";
        String full = "[" + "=".repeat(50) + ">] " + "      2B/2B";
        assertThat(out).isEqualTo("\n\u001b[1A\u001b[2K\rabc: Loading layer " + half + "\r\u001b[1B"
                + "\u001b[1A\u001b[2K\rabc: Loading layer " + full + "\r\u001b[1B");
    }

    @Test
    void progressText_withoutTotal_isTheSizeSoFar() {
        JsonMessageDisplay display = new JsonMessageDisplay(new PrintStream(bytes), true, Clock.systemUTC(),
                ZoneOffset.UTC, aux::add);
        assertThat(display.progressText(JsonTrees.read("{\"current\":1500}"))).isEqualTo("   1.5kB");
        assertThat(display.progressText(JsonTrees.read("{}"))).isEmpty();
    }
}
