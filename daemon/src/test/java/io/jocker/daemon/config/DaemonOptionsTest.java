package io.jocker.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jocker.common.error.EngineException;
import io.jocker.common.error.ErrorKind;
import io.jocker.linux.host.HostFacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DaemonOptionsTest {
    private static final HostFacts.CgroupFeatures FEATURES =
            new HostFacts.CgroupFeatures(true, true, true, true, true, true, false);

    @TempDir
    Path dir;

    private static HostFacts host(int cgroupVersion, boolean hybrid, boolean overlay) {
        return new HostFacts("6.1.0", "Debian GNU/Linux 12 (bookworm)", "12", "x86_64", "amd64", 2, 1L << 30, "h",
                "b", new HostFacts.CgroupLayout(cgroupVersion, hybrid), FEATURES, overlay, true, true, false, false);
    }

    private static final HostFacts V2 = host(2, false, true);
    private static final HostFacts V1_HYBRID = host(1, true, true);
    private static final HostFacts V1 = host(1, false, true);
    private static final HostFacts NO_OVERLAY = host(2, false, false);

    private DaemonConfigFile file(String json) throws IOException {
        Path file = dir.resolve("daemon.json");
        Files.writeString(file, json);
        return DaemonConfigFile.read(file);
    }

    /** Options with runtimes given explicitly, so the result does not depend on this machine's PATH. */
    private static DaemonOptions options() {
        DaemonOptions options = new DaemonOptions();
        options.addRuntime.add("runc=/opt/bin/runc");
        options.addRuntime.add("crun=/opt/bin/crun");
        return options;
    }

    private static void assertInvalid(ThrowingCallable call, String message) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessage(message);
    }

    @Nested
    class Defaults {
        @Test
        void resolve_noFlagsNoFile_usesDefaults() {
            DaemonConfig config = options().resolve(DaemonConfigFile.empty(), V2);

            assertThat(config.hosts()).containsExactly(DaemonConfig.DEFAULT_HOST);
            assertThat(config.dataRoot()).isEqualTo(DaemonConfig.DEFAULT_DATA_ROOT);
            assertThat(config.execRoot()).isEqualTo(DaemonConfig.DEFAULT_EXEC_ROOT);
            assertThat(config.pidFile()).isEqualTo(DaemonConfig.DEFAULT_PID_FILE);
            assertThat(config.logLevel()).isEqualTo("info");
            assertThat(config.debug()).isFalse();
            assertThat(config.bridge()).isEqualTo(DaemonConfig.DEFAULT_BRIDGE);
            assertThat(config.cgroupParent()).isEqualTo(DaemonConfig.DEFAULT_CGROUP_PARENT);
            assertThat(config.storageDriver()).isEqualTo("overlay2");
            assertThat(config.defaultRuntime()).isEqualTo("crun");
            assertThat(config.labels()).isEmpty();
            assertThat(config.configFile()).isNull();
        }

        @Test
        void resolve_defaultValues_matchDocumentedDefaults() {
            DaemonConfig config = options().resolve(DaemonConfigFile.empty(), V2);

            assertThat(config.hosts()).containsExactly("unix:///run/jocker.sock");
            assertThat(config.dataRoot()).isEqualTo(Path.of("/var/lib/jocker"));
            assertThat(config.execRoot()).isEqualTo(Path.of("/run/jocker"));
            assertThat(config.pidFile()).isEqualTo(Path.of("/run/jocker.pid"));
            assertThat(config.bridge()).isEqualTo("jocker0");
            assertThat(config.cgroupParent()).isEqualTo("/jocker");
        }

        @Test
        void resolve_hostWithoutOverlay_defaultsToVfs() {
            assertThat(options().resolve(DaemonConfigFile.empty(), NO_OVERLAY).storageDriver()).isEqualTo("vfs");
        }

        @Test
        void resolve_runtimesGivenAsFlags_areAllReported() {
            DaemonConfig config = options().resolve(DaemonConfigFile.empty(), V2);

            assertThat(config.runtimes()).containsEntry("runc", "/opt/bin/runc").containsEntry("crun", "/opt/bin/crun");
            assertThat(config.runtimePaths()).isEqualTo(config.runtimes());
        }
    }

    @Nested
    class Precedence {
        private static final String FILE = """
                {
                  "hosts": ["unix:///file.sock"],
                  "data-root": "/file/data",
                  "exec-root": "/file/exec",
                  "pidfile": "/file/jocker.pid",
                  "log-level": "warn",
                  "bridge": "filebr0",
                  "cgroup-parent": "/file-parent",
                  "storage-driver": "vfs",
                  "default-runtime": "runc",
                  "runtimes": {"kata": {"path": "/file/kata"}},
                  "labels": ["from=file"]
                }
                """;

        @Test
        void resolve_fileOnly_fileWinsOverDefaults() throws IOException {
            DaemonConfig config = options().resolve(file(FILE), V2);

            assertThat(config.hosts()).containsExactly("unix:///file.sock");
            assertThat(config.dataRoot()).isEqualTo(Path.of("/file/data"));
            assertThat(config.execRoot()).isEqualTo(Path.of("/file/exec"));
            assertThat(config.pidFile()).isEqualTo(Path.of("/file/jocker.pid"));
            assertThat(config.logLevel()).isEqualTo("warn");
            assertThat(config.bridge()).isEqualTo("filebr0");
            assertThat(config.cgroupParent()).isEqualTo("/file-parent");
            assertThat(config.storageDriver()).isEqualTo("vfs");
            assertThat(config.defaultRuntime()).isEqualTo("runc");
            assertThat(config.runtimes()).containsEntry("kata", "/file/kata");
            assertThat(config.labels()).containsExactly("from=file");
        }

        @Test
        void resolve_flagsAndFile_flagsWin() throws IOException {
            DaemonOptions options = options();
            options.hosts.add("unix:///flag.sock");
            options.dataRoot = Path.of("/flag/data");
            options.execRoot = Path.of("/flag/exec");
            options.pidFile = Path.of("/flag/jocker.pid");
            options.logLevel = "error";
            options.bridge = "flagbr0";
            options.cgroupParent = "/flag-parent";
            options.storageDriver = "overlay2";
            options.defaultRuntime = "kata";

            DaemonConfig config = options.resolve(file(FILE), V2);

            assertThat(config.hosts()).containsExactly("unix:///flag.sock");
            assertThat(config.dataRoot()).isEqualTo(Path.of("/flag/data"));
            assertThat(config.execRoot()).isEqualTo(Path.of("/flag/exec"));
            assertThat(config.pidFile()).isEqualTo(Path.of("/flag/jocker.pid"));
            assertThat(config.logLevel()).isEqualTo("error");
            assertThat(config.bridge()).isEqualTo("flagbr0");
            assertThat(config.cgroupParent()).isEqualTo("/flag-parent");
            assertThat(config.storageDriver()).isEqualTo("overlay2");
            assertThat(config.defaultRuntime()).isEqualTo("kata");
        }

        @Test
        void resolve_severalHostFlags_keepsAllInOrder() {
            DaemonOptions options = options();
            options.hosts.addAll(List.of("unix:///a.sock", "tcp://127.0.0.1:2375"));

            assertThat(options.resolve(DaemonConfigFile.empty(), V2).hosts())
                    .containsExactly("unix:///a.sock", "tcp://127.0.0.1:2375");
        }

        @Test
        void resolve_fileRuntimeAndFlagRuntimeOfTheSameName_flagWins() throws IOException {
            DaemonOptions options = options();
            options.addRuntime.add("kata=/flag/kata");

            DaemonConfig config = options.resolve(file("{\"runtimes\": {\"kata\": {\"path\": \"/file/kata\"}}}"), V2);

            assertThat(config.runtimes()).containsEntry("kata", "/flag/kata");
        }

        @Test
        void resolve_fileAndFlagLabels_areBothKeptFileFirst() throws IOException {
            DaemonOptions options = options();
            options.labels.add("from=flag");

            DaemonConfig config = options.resolve(file("{\"labels\": [\"from=file\", \"x=1\"]}"), V2);

            assertThat(config.labels()).containsExactly("from=file", "x=1", "from=flag");
        }

        @Test
        void resolve_configFileFlag_isRecorded() {
            DaemonOptions options = options();
            options.configFile = dir.resolve("daemon.json");

            DaemonConfig config = options.resolve(DaemonConfigFile.empty(), V2);

            assertThat(config.configFile()).isEqualTo(dir.resolve("daemon.json"));
            assertThat(options.configFile()).isEqualTo(dir.resolve("daemon.json"));
        }

        @Test
        void resolve_relativePaths_becomeAbsoluteAndNormalised() {
            DaemonOptions options = options();
            options.dataRoot = Path.of("state/../data");
            options.execRoot = Path.of("./exec");
            options.pidFile = Path.of("run/x/../jocker.pid");

            DaemonConfig config = options.resolve(DaemonConfigFile.empty(), V2);

            Path cwd = Path.of("").toAbsolutePath();
            assertThat(config.dataRoot()).isEqualTo(cwd.resolve("data"));
            assertThat(config.execRoot()).isEqualTo(cwd.resolve("exec"));
            assertThat(config.pidFile()).isEqualTo(cwd.resolve("run/jocker.pid"));
        }

        @Test
        void resolve_relativePathsInFile_becomeAbsolute() throws IOException {
            DaemonConfig config = options().resolve(file("{\"data-root\": \"rel/data/\"}"), V2);

            assertThat(config.dataRoot()).isAbsolute().isEqualTo(Path.of("").toAbsolutePath().resolve("rel/data"));
        }
    }

    @Nested
    class LogLevel {
        @Test
        void resolve_debugFlag_meansDebugLevel() {
            DaemonOptions options = options();
            options.debug = true;

            DaemonConfig config = options.resolve(DaemonConfigFile.empty(), V2);

            assertThat(config.logLevel()).isEqualTo("debug");
            assertThat(config.debug()).isTrue();
        }

        @Test
        void resolve_logLevelFlagAndDebugFlag_logLevelWins() {
            DaemonOptions options = options();
            options.debug = true;
            options.logLevel = "warn";

            assertThat(options.resolve(DaemonConfigFile.empty(), V2).logLevel()).isEqualTo("warn");
        }

        @Test
        void resolve_debugFlagAndFileLogLevel_flagWins() throws IOException {
            DaemonOptions options = options();
            options.debug = true;

            assertThat(options.resolve(file("{\"log-level\": \"error\"}"), V2).logLevel()).isEqualTo("debug");
        }

        @Test
        void resolve_fileDebugOnly_meansDebugLevel() throws IOException {
            assertThat(options().resolve(file("{\"debug\": true}"), V2).logLevel()).isEqualTo("debug");
        }

        @Test
        void resolve_fileDebugFalse_meansInfo() throws IOException {
            assertThat(options().resolve(file("{\"debug\": false}"), V2).logLevel()).isEqualTo("info");
        }

        @Test
        void resolve_fileLogLevelAndFileDebug_logLevelWins() throws IOException {
            assertThat(options().resolve(file("{\"debug\": true, \"log-level\": \"fatal\"}"), V2).logLevel())
                    .isEqualTo("fatal");
        }

        @ParameterizedTest
        @ValueSource(strings = {"debug", "info", "warn", "error", "fatal"})
        void resolve_knownLogLevel_isAccepted(String level) {
            DaemonOptions options = options();
            options.logLevel = level;

            assertThat(options.resolve(DaemonConfigFile.empty(), V2).logLevel()).isEqualTo(level);
        }

        @ParameterizedTest
        @ValueSource(strings = {"verbose", "DEBUG", "warning", "trace", ""})
        void resolve_unknownLogLevelFlag_isRefused(String level) {
            DaemonOptions options = options();
            options.logLevel = level;

            assertInvalid(() -> options.resolve(DaemonConfigFile.empty(), V2),
                    "unable to parse logging level: " + level);
        }

        @Test
        void resolve_unknownLogLevelInFile_isRefused() throws IOException {
            DaemonConfigFile file = file("{\"log-level\": \"chatty\"}");

            assertInvalid(() -> options().resolve(file, V2), "unable to parse logging level: chatty");
        }

        @Test
        void resolve_logLevelOfWrongTypeInFile_isRefused() throws IOException {
            DaemonConfigFile file = file("{\"log-level\": 3}");

            assertInvalid(() -> options().resolve(file, V2), "configuration key \"log-level\" must be a string");
        }
    }

    @Nested
    class StorageDriver {
        @ParameterizedTest
        @ValueSource(strings = {"aufs", "devicemapper", "overlay", "btrfs", ""})
        void resolve_unsupportedDriver_isRefused(String driver) {
            DaemonOptions options = options();
            options.storageDriver = driver;

            assertInvalid(() -> options.resolve(DaemonConfigFile.empty(), V2),
                    "error initializing graphdriver: driver not supported: " + driver);
        }

        @Test
        void resolve_unsupportedDriverInFile_isRefused() throws IOException {
            DaemonConfigFile file = file("{\"storage-driver\": \"zfs\"}");

            assertInvalid(() -> options().resolve(file, V2),
                    "error initializing graphdriver: driver not supported: zfs");
        }

        @Test
        void resolve_overlay2WithoutKernelOverlay_isRefusedPointingAtVfs() {
            DaemonOptions options = options();
            options.storageDriver = "overlay2";

            assertInvalid(() -> options.resolve(DaemonConfigFile.empty(), NO_OVERLAY),
                    "error initializing graphdriver: the kernel has no overlay filesystem; use --storage-driver vfs");
        }

        @Test
        void resolve_vfsOnOverlayHost_isAccepted() {
            DaemonOptions options = options();
            options.storageDriver = "vfs";

            assertThat(options.resolve(DaemonConfigFile.empty(), V2).storageDriver()).isEqualTo("vfs");
        }
    }

    @Nested
    class Runtimes {
        @ParameterizedTest
        @ValueSource(strings = {"crun", "=/usr/bin/crun", "crun=", "="})
        void resolve_malformedRuntimeSpec_isRefused(String spec) {
            DaemonOptions options = options();
            options.addRuntime.add(spec);

            assertInvalid(() -> options.resolve(DaemonConfigFile.empty(), V2),
                    "invalid runtime specification: " + spec + " (expected name=path)");
        }

        @Test
        void resolve_runtimeSpecWithEqualsInPath_splitsAtTheFirstEquals() {
            DaemonOptions options = options();
            options.addRuntime.add("odd=/opt/a=b/odd");

            assertThat(options.resolve(DaemonConfigFile.empty(), V2).runtimes()).containsEntry("odd", "/opt/a=b/odd");
        }

        @Test
        void resolve_defaultRuntimeFlagNotAmongRuntimes_isRefused() {
            DaemonOptions options = options();
            options.defaultRuntime = "youki";

            assertInvalid(() -> options.resolve(DaemonConfigFile.empty(), V2),
                    "specified default runtime 'youki' does not exist");
        }

        @Test
        void resolve_defaultRuntimeInFileNotAmongRuntimes_isRefused() throws IOException {
            DaemonConfigFile file = file("{\"default-runtime\": \"kata\"}");

            assertInvalid(() -> options().resolve(file, V2), "specified default runtime 'kata' does not exist");
        }

        @Test
        void resolve_defaultRuntimeDefinedInFile_isAccepted() throws IOException {
            DaemonConfig config = options().resolve(
                    file("{\"default-runtime\": \"kata\", \"runtimes\": {\"kata\": {\"path\": \"/k\"}}}"), V2);

            assertThat(config.defaultRuntime()).isEqualTo("kata");
        }

        @Test
        void resolve_noDefaultGivenOnV1Hybrid_picksRunc() {
            assertThat(options().resolve(DaemonConfigFile.empty(), V1_HYBRID).defaultRuntime()).isEqualTo("runc");
        }

        @Test
        void resolve_noDefaultGivenOnV1WithoutHybrid_picksCrun() {
            assertThat(options().resolve(DaemonConfigFile.empty(), V1).defaultRuntime()).isEqualTo("crun");
        }

        @Test
        void fastestWorkingRuntime_v1Hybrid_isRuncEvenWithCrunPresent() {
            assertThat(DaemonOptions.fastestWorkingRuntime(Map.of("runc", "runc", "crun", "crun"), V1_HYBRID))
                    .isEqualTo("runc");
        }

        @Test
        void fastestWorkingRuntime_v2WithCrun_isCrun() {
            assertThat(DaemonOptions.fastestWorkingRuntime(Map.of("runc", "runc", "crun", "crun"), V2))
                    .isEqualTo("crun");
        }

        @Test
        void fastestWorkingRuntime_v1NonHybridWithCrun_isCrun() {
            assertThat(DaemonOptions.fastestWorkingRuntime(Map.of("crun", "/usr/bin/crun"), V1)).isEqualTo("crun");
        }

        @Test
        void fastestWorkingRuntime_noCrun_isRunc() {
            assertThat(DaemonOptions.fastestWorkingRuntime(Map.of("runc", "runc"), V2)).isEqualTo("runc");
            assertThat(DaemonOptions.fastestWorkingRuntime(Map.of(), V2)).isEqualTo("runc");
        }
    }

    @Nested
    class Labels {
        @Test
        void resolve_flagLabelWithoutEquals_isRefused() {
            DaemonOptions options = options();
            options.labels.add("ok=1");
            options.labels.add("standalone");

            assertInvalid(() -> options.resolve(DaemonConfigFile.empty(), V2), "bad attribute format: standalone");
        }

        @Test
        void resolve_fileLabelWithoutEquals_isRefused() throws IOException {
            DaemonConfigFile file = file("{\"labels\": [\"nokey\"]}");

            assertInvalid(() -> options().resolve(file, V2), "bad attribute format: nokey");
        }

        @Test
        void resolve_labelWithEmptyValue_isAccepted() {
            DaemonOptions options = options();
            options.labels.add("empty=");

            assertThat(options.resolve(DaemonConfigFile.empty(), V2).labels()).containsExactly("empty=");
        }
    }
}
