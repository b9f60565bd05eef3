package io.jocker.runtime.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogRotationTest {
    @TempDir
    Path dir;

    @Test
    void policy_readsDockersOptions_withItsErrors() {
        assertThat(LogRotation.Policy.parse(Map.of("max-size", "10m", "max-file", "3")))
                .isEqualTo(new LogRotation.Policy(10L << 20, 3));
        assertThat(LogRotation.Policy.parse(Map.of("max-size", "1.5k")).maxSize()).isEqualTo(1536);
        assertThat(LogRotation.Policy.parse(Map.of("max-size", "100")).maxSize()).isEqualTo(100);
        assertThat(LogRotation.Policy.parse(Map.of("max-size", "2GB")).maxSize()).isEqualTo(2L << 30);
        assertThat(LogRotation.Policy.parse(Map.of())).isEqualTo(new LogRotation.Policy(-1, 1));
        assertThatThrownBy(() -> LogRotation.Policy.parse(Map.of("max-size", "ten")))
                .hasMessage("invalid size: 'ten'");
        assertThatThrownBy(() -> LogRotation.Policy.parse(Map.of("max-size", "1m", "max-file", "0")))
                .hasMessage("max-file cannot be less than 1");
        assertThatThrownBy(() -> LogRotation.Policy.parse(Map.of("max-file", "2")))
                .hasMessage("max-file cannot be set without max-size");
        assertThatThrownBy(() -> LogRotation.Policy.parse(Map.of("colour", "red")))
                .hasMessage("unknown log opt 'colour' for json-file log driver");
    }

    @Test
    void rotate_shiftsOlderFiles_dropsTheOldest_andReopens() throws IOException {
        Path log = dir.resolve("container.log");
        AtomicInteger reopened = new AtomicInteger();
        LogRotation.Policy policy = new LogRotation.Policy(4, 3);
        for (String content : new String[] {"one\n", "two\n", "three\n", "four\n"}) {
            Files.writeString(log, content);
            assertThat(LogRotation.rotateIfNeeded(log, policy, reopened::incrementAndGet)).isTrue();
        }
        assertThat(reopened).hasValue(4);
        assertThat(log).doesNotExist(); // the writer creates it on reopen
        assertThat(LogRotation.rotatedFiles(log)).containsExactly(dir.resolve("container.log.2"),
                dir.resolve("container.log.1"));
        assertThat(dir.resolve("container.log.1")).hasContent("four");
        assertThat(dir.resolve("container.log.2")).hasContent("three");
    }

    @Test
    void belowTheSize_orWithoutAPolicy_nothingHappens() throws IOException {
        Path log = dir.resolve("container.log");
        Files.writeString(log, "abc");
        assertThat(LogRotation.rotateIfNeeded(log, new LogRotation.Policy(4, 2), () -> { })).isFalse();
        assertThat(LogRotation.rotateIfNeeded(log, LogRotation.Policy.NONE, () -> { })).isFalse();
        assertThat(LogRotation.rotateIfNeeded(dir.resolve("absent"), new LogRotation.Policy(1, 2), () -> { }))
                .isFalse();
        assertThat(log).hasContent("abc");
    }

    @Test
    void maxFileOne_keepsOnlyTheNewFile() throws IOException {
        Path log = dir.resolve("container.log");
        Files.writeString(log, "old\n");
        assertThat(LogRotation.rotateIfNeeded(log, new LogRotation.Policy(1, 1), () -> { })).isTrue();
        assertThat(LogRotation.rotatedFiles(log)).isEmpty();
    }
}
