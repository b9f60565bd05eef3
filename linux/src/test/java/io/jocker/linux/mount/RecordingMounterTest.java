package io.jocker.linux.mount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jocker.linux.fs.Errno;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordingMounterTest extends MounterContract {
    @Override
    protected Mounter create() {
        return new RecordingMounter();
    }

    @Test
    void mountOverlay_recordsLayersTopFirst() throws IOException {
        RecordingMounter fake = (RecordingMounter) mounter;
        Path target = mkdirs("merged");
        fake.mountOverlay(List.of(mkdirs("l2"), mkdirs("l1")), mkdirs("up"), mkdirs("work"), target, false);

        assertThat(fake.mounted()).singleElement().satisfies(m -> {
            assertThat(m.lowerTopFirst()).containsExactly(dir.resolve("l2"), dir.resolve("l1"));
            assertThat(m.upper()).isEqualTo(dir.resolve("up"));
        });
        assertThat(fake.calls("mountOverlay")).singleElement()
                .satisfies(c -> assertThat(c.detail()).endsWith(" rw"));
        fake.unmount(target, false);
    }

    @Test
    void failNext_failsOnceWithTheErrno() throws IOException {
        RecordingMounter fake = ((RecordingMounter) mounter).failNext("bindMount", Errno.EBUSY);
        Path target = mkdirs("t");
        assertThatThrownBy(() -> fake.bindMount(mkdirs("s"), target, false))
                .isInstanceOfSatisfying(MountException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EBUSY));
        fake.bindMount(dir.resolve("s"), target, false);
        fake.unmount(target, false);
    }
}
