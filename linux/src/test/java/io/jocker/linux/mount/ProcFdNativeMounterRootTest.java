package io.jocker.linux.mount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jocker.linux.fs.Errno;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The fallback for kernels before 6.8 (mount(2) with lower layers as {@code /proc/self/fd/N}),
 * forced on this kernel: the same contract and the same 40 long layers.
 */
@Tag("root")
class ProcFdNativeMounterRootTest extends NativeMounterRootTest {
    @Override
    protected Mounter create() {
        return new NativeMounter(true);
    }

    @Override
    void assertOptionsShowLayers(MountInfo mount, List<Path> lowers) {
        assertThat(mount.superOptions()).contains("lowerdir=/proc/self/fd/");
    }

    @Test
    void mountOverlay_optionsPastOnePage_failsWithE2bigInsteadOfTruncating() throws IOException {
        // About 18 bytes a layer: 250 layers are past 4095 bytes even as fd paths.
        List<Path> lowers = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            lowers.add(mkdirs("l/" + i));
        }
        Path target = mkdirs("merged");
        assertThatThrownBy(() -> mounter.mountOverlay(lowers, mkdirs("up"), mkdirs("work"), target, false))
                .isInstanceOfSatisfying(MountException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.E2BIG);
                    assertThat(e.getMessage()).contains("250 layers");
                });
        assertThat(mounter.isMountPoint(target)).isFalse();
    }
}
