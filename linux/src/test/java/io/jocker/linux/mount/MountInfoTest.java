package io.jocker.linux.mount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountInfoTest {

    @Test
    void parse_procManPageExample_readsEveryField() {
        MountInfo m = MountInfo.parse("36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue");
        assertThat(m.mountId()).isEqualTo(36);
        assertThat(m.parentId()).isEqualTo(35);
        assertThat(m.device()).isEqualTo("98:0");
        assertThat(m.root()).isEqualTo("/mnt1");
        assertThat(m.mountPoint()).isEqualTo(Path.of("/mnt2"));
        assertThat(m.mountOptions()).isEqualTo("rw,noatime");
        assertThat(m.optionalFields()).containsExactly("master:1");
        assertThat(m.fsType()).isEqualTo("ext3");
        assertThat(m.source()).isEqualTo("/dev/root");
        assertThat(m.superOptions()).isEqualTo("rw,errors=continue");
        assertThat(m.readOnly()).isFalse();
    }

    @Test
    void parse_noOptionalFieldsAndEscapedSpaces_unescapes() {
        MountInfo m = MountInfo.parse(
                "812 29 0:61 / /tmp/a\\040b/merged ro,relatime - overlay overlay ro,lowerdir=/l\\0401:/l2");
        assertThat(m.optionalFields()).isEmpty();
        assertThat(m.mountPoint()).isEqualTo(Path.of("/tmp/a b/merged"));
        assertThat(m.superOptions()).isEqualTo("ro,lowerdir=/l 1:/l2");
        assertThat(m.readOnly()).isTrue();
    }

    @Test
    void parse_backslashNotFollowedByOctal_keepsIt() {
        assertThat(MountInfo.unescape("a\\x\\13")).isEqualTo("a\\x\\13");
        assertThat(MountInfo.unescape("a\\134b")).isEqualTo("a\\b");
    }

    @Test
    void parse_noSeparator_isRefused() {
        assertThatThrownBy(() -> MountInfo.parse("36 35 98:0 /mnt1 /mnt2 rw,noatime ext3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a mountinfo line");
    }

    @Test
    void parseAll_skipsBlankLines() {
        List<MountInfo> all = MountInfo.parseAll(List.of(
                "1 0 0:1 / / rw shared:1 - ext4 /dev/vda rw", "",
                "2 1 0:2 / /proc rw,nosuid shared:2 - proc proc rw"));
        assertThat(all).extracting(MountInfo::mountPoint).containsExactly(Path.of("/"), Path.of("/proc"));
    }
}
