package io.jocker.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jocker.common.error.EngineException;
import io.jocker.common.error.ErrorKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DaemonConfigFileTest {
    @TempDir
    Path dir;

    private Path file(String json) throws IOException {
        Path file = dir.resolve("daemon.json");
        Files.writeString(file, json);
        return file;
    }

    private static void assertInvalid(ThrowingCallable call, String message) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessage(message);
    }

    @Test
    void read_everyKnownKey_isReadBack() throws IOException {
        DaemonConfigFile config = DaemonConfigFile.read(file("""
                {
                  "hosts": ["unix:///tmp/j.sock", "tcp://127.0.0.1:2375"],
                  "data-root": "/srv/jocker",
                  "exec-root": "/run/j",
                  "pidfile": "/run/j.pid",
                  "log-level": "warn",
                  "debug": true,
                  "bridge": "jtest0",
                  "cgroup-parent": "/jtest",
                  "storage-driver": "vfs",
                  "default-runtime": "crun",
                  "runtimes": {"crun": {"path": "/usr/bin/crun"}, "kata": {"path": "/opt/kata/bin/kata", "runtimeArgs": []}},
                  "labels": ["a=b", "c=d"]
                }
                """));

        assertThat(config.strings("hosts")).containsExactly("unix:///tmp/j.sock", "tcp://127.0.0.1:2375");
        assertThat(config.string("data-root")).contains("/srv/jocker");
        assertThat(config.string("exec-root")).contains("/run/j");
        assertThat(config.string("pidfile")).contains("/run/j.pid");
        assertThat(config.string("log-level")).contains("warn");
        assertThat(config.bool("debug")).contains(true);
        assertThat(config.string("bridge")).contains("jtest0");
        assertThat(config.string("cgroup-parent")).contains("/jtest");
        assertThat(config.string("storage-driver")).contains("vfs");
        assertThat(config.string("default-runtime")).contains("crun");
        assertThat(config.runtimes()).containsExactly(Map.entry("crun", "/usr/bin/crun"),
                Map.entry("kata", "/opt/kata/bin/kata"));
        assertThat(config.strings("labels")).containsExactly("a=b", "c=d");
    }

    @Test
    void read_emptyObject_hasNothingSet() throws IOException {
        DaemonConfigFile config = DaemonConfigFile.read(file("{}"));

        assertThat(config.string("bridge")).isEmpty();
        assertThat(config.bool("debug")).isEmpty();
        assertThat(config.strings("labels")).isEmpty();
        assertThat(config.runtimes()).isEmpty();
    }

    @Test
    void read_emptyFile_isTreatedAsEmptyObject() throws IOException {
        DaemonConfigFile config = DaemonConfigFile.read(file(""));

        assertThat(config.string("data-root")).isEmpty();
    }

    @Test
    void read_nullValues_areTreatedAsAbsent() throws IOException {
        DaemonConfigFile config = DaemonConfigFile.read(file(
                "{\"bridge\": null, \"debug\": null, \"labels\": null, \"runtimes\": null}"));

        assertThat(config.string("bridge")).isEmpty();
        assertThat(config.bool("debug")).isEmpty();
        assertThat(config.strings("labels")).isEmpty();
        assertThat(config.runtimes()).isEmpty();
    }

    @Test
    void empty_hasNothingSet() {
        DaemonConfigFile config = DaemonConfigFile.empty();

        assertThat(config.string("data-root")).isEmpty();
        assertThat(config.bool("debug")).isEmpty();
        assertThat(config.strings("hosts")).isEmpty();
        assertThat(config.runtimes()).isEmpty();
    }

    @Test
    void read_missingFile_failsLikeDockerd() {
        Path missing = dir.resolve("nope.json");

        assertInvalid(() -> DaemonConfigFile.read(missing), "unable to configure the jocker daemon with file "
                + missing + ": open " + missing + ": no such file or directory");
    }

    @Test
    void read_directoryInsteadOfFile_isInvalidArgumentNamingIt() {
        assertThatThrownBy(() -> DaemonConfigFile.read(dir))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessageStartingWith("unable to configure the jocker daemon with file " + dir);
    }

    @Test
    void read_unknownKey_failsWithDockerdsWording() throws IOException {
        Path file = file("{\"bridge\": \"x\", \"log-driver\": \"json-file\"}");

        assertInvalid(() -> DaemonConfigFile.read(file), "unable to configure the jocker daemon with file " + file
                + ": the following directives don't match any configuration option: log-driver");
    }

    @Test
    void read_severalUnknownKeys_namesAllSortedAndCommaSeparated() throws IOException {
        Path file = file("{\"zeta\": 1, \"data-root\": \"/x\", \"alpha\": true, \"Bridge\": \"b\"}");

        assertThatThrownBy(() -> DaemonConfigFile.read(file))
                .hasMessageEndingWith(": the following directives don't match any configuration option: "
                        + "Bridge, alpha, zeta");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"text\"", "42", "true", "null"})
    void read_topLevelNotAnObject_isRefused(String json) throws IOException {
        Path file = file(json);

        assertInvalid(() -> DaemonConfigFile.read(file),
                "unable to configure the jocker daemon with file " + file + ": the file must hold a JSON object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"bridge\": }", "{'bridge': 'x'}", "{\"a\": 1,}"})
    void read_malformedJson_isInvalidArgumentNamingTheFile(String json) throws IOException {
        Path file = file(json);

        assertThatThrownBy(() -> DaemonConfigFile.read(file))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessageStartingWith("unable to configure the jocker daemon with file " + file + ": ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"42", "true", "[\"x\"]", "{}"})
    void string_wrongType_isInvalidArgument(String value) throws IOException {
        DaemonConfigFile config = DaemonConfigFile.read(file("{\"bridge\": " + value + "}"));

        assertInvalid(() -> config.string("bridge"), "configuration key \"bridge\" must be a string");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"true\"", "1", "[]"})
    void bool_wrongType_isInvalidArgument(String value) throws IOException {
        DaemonConfigFile config = DaemonConfigFile.read(file("{\"debug\": " + value + "}"));

        assertInvalid(() -> config.bool("debug"), "configuration key \"debug\" must be true or false");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"a=b\"", "{\"a\": \"b\"}", "[\"a=b\", 3]", "[null]", "[[\"a=b\"]]"})
    void strings_wrongType_isInvalidArgument(String value) throws IOException {
        DaemonConfigFile config = DaemonConfigFile.read(file("{\"labels\": " + value + "}"));

        assertInvalid(() -> config.strings("labels"), "configuration key \"labels\" must be a list of strings");
    }

    @Test
    void runtimes_notAnObject_isInvalidArgument() throws IOException {
        DaemonConfigFile config = DaemonConfigFile.read(file("{\"runtimes\": [\"crun\"]}"));

        assertInvalid(config::runtimes, "configuration key \"runtimes\" must be an object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"path\": \"\"}", "{\"path\": 5}", "\"/usr/bin/crun\"", "null"})
    void runtimes_entryWithoutUsablePath_isInvalidArgumentNamingTheRuntime(String entry) throws IOException {
        DaemonConfigFile config = DaemonConfigFile.read(file("{\"runtimes\": {\"crun\": " + entry + "}}"));

        assertInvalid(config::runtimes, "runtime \"crun\" needs a \"path\"");
    }

    @Test
    void keys_includeTheDaemonJsonKeysWeSupport() {
        assertThat(DaemonConfigFile.KEYS).contains("hosts", "data-root", "exec-root", "pidfile", "log-level", "debug",
                "bridge", "cgroup-parent", "storage-driver", "default-runtime", "runtimes", "labels");
    }
}
