package io.jocker.linux.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jocker.linux.fs.ErrnoException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RecordingNetworkNamespacesTest {
    final RecordingNetworkNamespaces netns = new RecordingNetworkNamespaces();
    final Path dir = Path.of("/x/netns");

    @Test
    void create_unpreparedDirectory_enoent() {
        assertThatThrownBy(() -> netns.create(dir.resolve("a"))).isInstanceOf(ErrnoException.class)
                .hasMessageContaining("ENOENT");
    }

    @Test
    void create_exists_list_delete() throws IOException {
        netns.prepareDirectory(dir);
        netns.create(dir.resolve("b"));
        netns.create(dir.resolve("a"));

        assertThatThrownBy(() -> netns.create(dir.resolve("a"))).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(netns.list(dir)).containsExactly("a", "b");
        netns.delete(dir.resolve("a"));
        netns.delete(dir.resolve("a"));
        assertThat(netns.exists(dir.resolve("a"))).isFalse();
        assertThat(netns.list(dir)).containsExactly("b");
    }

    @Test
    void failNextCreate_failsOnceWithNothingCreated() throws IOException {
        netns.prepareDirectory(dir);
        netns.failNextCreate();

        assertThatThrownBy(() -> netns.create(dir.resolve("a"))).hasMessageContaining("EPERM");
        assertThat(netns.namespaces()).isEmpty();
        netns.create(dir.resolve("a"));
        assertThat(netns.namespaces()).containsExactly(dir.resolve("a"));
    }
}
