package io.jocker.linux.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jocker.linux.command.CommandRunner;
import io.jocker.linux.mount.Mounter;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Named network namespaces against the kernel; every mount made here is undone after each test. */
@Tag("root")
class NativeNetworkNamespacesRootTest {
    @TempDir
    Path temp;
    Path dir;
    final NetworkNamespaces netns = NetworkNamespaces.nativeNamespaces();

    @BeforeEach
    void prepare() throws IOException {
        dir = temp.resolve("netns");
        netns.prepareDirectory(dir);
    }

    @AfterEach
    void unmountEverything() throws IOException {
        List<io.jocker.linux.mount.MountInfo> mounts = Mounter.nativeMounter().mountsUnder(temp);
        for (int i = mounts.size() - 1; i >= 0; i--) {
            Mounter.nativeMounter().unmount(mounts.get(i).mountPoint(), true);
        }
    }

    @Test
    void prepareDirectory_twice_oneSharedSelfBind() throws IOException {
        netns.prepareDirectory(dir);

        var mounts = Mounter.nativeMounter().mountsUnder(dir);
        assertThat(mounts).singleElement().satisfies(m -> assertThat(m.optionalFields())
                .anyMatch(f -> f.startsWith("shared:")));
    }

    @Test
    void create_givesAFreshNamespaceWithOnlyLoopback_andLeavesOursAlone() throws IOException {
        String before = Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
        Path ns = dir.resolve("c1");

        netns.create(ns);
        try {
            assertThat(netns.exists(ns)).isTrue();
            assertThat(Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString()).isEqualTo(before);
            String links = CommandRunner.local().inNetworkNamespace(ns).run(List.of("ip", "-o", "link", "show"), null)
                    .orThrow().stdout();
            assertThat(links.lines()).singleElement().asString().contains(": lo:");
            assertThat(netns.list(dir)).containsExactly("c1");
        } finally {
            netns.delete(ns);
        }
    }

    @Test
    void create_existingName_refusedAndUntouched() throws IOException {
        Path ns = dir.resolve("c1");
        netns.create(ns);
        try {
            assertThatThrownBy(() -> netns.create(ns)).isInstanceOf(FileAlreadyExistsException.class);
            assertThat(netns.exists(ns)).isTrue();
        } finally {
            netns.delete(ns);
        }
    }

    @Test
    void delete_twiceAndStaleFile_areNoErrors() throws IOException {
        Path ns = dir.resolve("c1");
        netns.create(ns);

        netns.delete(ns);
        netns.delete(ns);
        Files.createFile(dir.resolve("stale"));
        assertThat(netns.exists(dir.resolve("stale"))).isFalse();
        netns.delete(dir.resolve("stale"));

        assertThat(netns.exists(ns)).isFalse();
        assertThat(netns.list(dir)).isEmpty();
        assertThat(Mounter.nativeMounter().mountsUnder(dir)).hasSize(1); // only the directory's own
    }

    @Test
    void releaseDirectory_removesTheSelfBind() throws IOException {
        netns.releaseDirectory(dir);
        netns.releaseDirectory(dir);

        assertThat(Mounter.nativeMounter().mountsUnder(dir)).isEmpty();
    }

    @Test
    void create_manyTimes_isFast() throws IOException {
        int n = 50;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            netns.create(dir.resolve("n" + i));
        }
        long created = System.nanoTime();
        for (int i = 0; i < n; i++) {
            netns.delete(dir.resolve("n" + i));
        }
        long deleted = System.nanoTime();
        System.out.printf("netns create %.2f ms, delete %.2f ms each%n",
                (created - start) / 1e6 / n, (deleted - created) / 1e6 / n);
        assertThat(netns.list(dir)).isEmpty();
    }
}
