package io.jocker.linux.mount;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the native mounter does without privileges: reading the mount table. */
class NativeMounterTest {
    private final Mounter mounter = Mounter.nativeMounter();

    @Test
    void isMountPoint_procAndRoot_areMountPoints() throws IOException {
        assertThat(mounter.isMountPoint(Path.of("/proc"))).isTrue();
        assertThat(mounter.isMountPoint(Path.of("/"))).isTrue();
    }

    @Test
    void isMountPoint_plainDirectory_isNot(@TempDir Path dir) throws IOException {
        Path plain = Files.createDirectory(dir.resolve("plain"));
        assertThat(mounter.isMountPoint(plain)).isFalse();
        assertThat(mounter.isMountPoint(dir.resolve("missing"))).isFalse();
    }

    @Test
    void mountsUnder_proc_startsWithProcItself() throws IOException {
        assertThat(mounter.mountsUnder(Path.of("/proc")))
                .first().satisfies(m -> assertThat(m.mountPoint()).isEqualTo(Path.of("/proc")));
    }

    @Test
    void mountsUnder_unmountedDirectory_isEmpty(@TempDir Path dir) throws IOException {
        assertThat(mounter.mountsUnder(dir)).isEmpty();
    }
}
