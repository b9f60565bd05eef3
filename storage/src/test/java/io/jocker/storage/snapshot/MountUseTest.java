package io.jocker.storage.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.jocker.linux.mount.MountInfo;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountUseTest {
    static final Path DIR = Path.of("/var/lib/jocker/overlay2/snapshots/abc");

    static List<MountInfo> table(String... lines) {
        return MountInfo.parseAll(List.of(lines));
    }

    static final String ROOT = "27 1 254:0 / / rw,relatime - ext4 /dev/vda rw";
    static final String DATA = "40 27 254:16 / /var/lib/jocker rw,relatime - ext4 /dev/vdb rw";

    @Test
    void find_unrelatedMounts_isEmpty() {
        assertThat(MountUse.find(DIR, table(ROOT, DATA,
                "50 27 0:60 / /run/c/rootfs rw - overlay overlay rw,lowerdir=/var/lib/jocker/overlay2/snapshots/abcd/fs"
                        + ",upperdir=/var/lib/jocker/overlay2/snapshots/xyz/fs,workdir=/var/lib/jocker/overlay2/snapshots/xyz/work")))
                .isEmpty();
    }

    @Test
    void find_mountInside_isNamed() {
        assertThat(MountUse.find(DIR, table(ROOT, "60 27 0:70 / " + DIR + "/fs/proc rw - proc proc rw")))
                .hasValue(DIR + "/fs/proc is mounted");
    }

    @Test
    void find_overlayWithLowerOrUpperInside_isNamed() {
        assertThat(MountUse.find(DIR, table(ROOT,
                "50 27 0:60 / /run/c/rootfs rw - overlay overlay rw,lowerdir=/l/2:" + DIR + "/fs:/l/0")))
                .hasValue("it is in use by the overlay on /run/c/rootfs");
        assertThat(MountUse.find(DIR, table(ROOT,
                "50 27 0:60 / /run/c/rootfs rw - overlay overlay rw,lowerdir=/l/1,upperdir=" + DIR + "/fs,workdir="
                        + DIR + "/work,uuid=on")))
                .hasValue("it is in use by the overlay on /run/c/rootfs");
    }

    @Test
    void find_bindOfSubdirectoryOnAnotherMountedFileSystem_usesTheFileSystemRelativeRoot() {
        // /var/lib/jocker is its own file system: the bind's root is relative to it.
        assertThat(MountUse.find(DIR, table(ROOT, DATA,
                "70 27 254:16 /overlay2/snapshots/abc/fs /run/c/rootfs rw - ext4 /dev/vdb rw")))
                .hasValue("it is bind-mounted on /run/c/rootfs");
        // The same root on another device is something else.
        assertThat(MountUse.find(DIR, table(ROOT, DATA,
                "70 27 254:0 /overlay2/snapshots/abc/fs /run/c/rootfs rw - ext4 /dev/vda rw")))
                .isEmpty();
    }
}
