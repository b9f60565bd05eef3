package io.jocker.linux.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InRootResolverTest {
    @TempDir
    Path dir;

    Path root;
    Path outside;

    @BeforeEach
    void setUp() throws IOException {
        dir = dir.toRealPath();
        root = Files.createDirectory(dir.resolve("root"));
        outside = Files.createDirectory(dir.resolve("outside"));
    }

    @Test
    void absoluteSymlinkToTheHost_isReRooted() throws IOException {
        Files.createSymbolicLink(root.resolve("evil"), outside);
        List<Path> created = new ArrayList<>();
        Path resolved = InRootResolver.resolve(root, "evil/sub", true, d -> created.add(Files.createDirectory(d)));
        assertThat(resolved).isEqualTo(root.resolve(outside.toString().substring(1)).resolve("sub"));
        assertThat(created).allSatisfy(p -> assertThat(p).startsWith(root));
        assertThat(outside.resolve("sub")).doesNotExist();
    }

    @Test
    void relativeSymlinkClimbingOut_stopsAtTheRoot() throws IOException {
        Files.createDirectories(root.resolve("a/b"));
        Files.createSymbolicLink(root.resolve("a/b/up"), Path.of("../../../../outside"));
        assertThatThrownBy(() -> InRootResolver.resolve(root, "a/b/up", true, null))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
        Files.createDirectory(root.resolve("outside"));
        assertThat(InRootResolver.resolve(root, "a/b/up", true, null)).isEqualTo(root.resolve("outside"));
    }

    @Test
    void dotDot_afterASymlink_isPhysical() throws IOException {
        Files.createDirectories(root.resolve("usr/lib"));
        Files.createSymbolicLink(root.resolve("lib"), Path.of("usr/lib"));
        assertThat(InRootResolver.resolve(root, "lib/..", true, null)).isEqualTo(root.resolve("usr"));
    }

    @Test
    void finalSymlink_isKeptWhenNotFollowed() throws IOException {
        Files.createSymbolicLink(root.resolve("link"), outside);
        assertThat(InRootResolver.resolve(root, "link", false, null)).isEqualTo(root.resolve("link"));
    }

    @Test
    void fileAsParent_failsWithEnotdir() throws IOException {
        Files.createFile(root.resolve("file"));
        assertThatThrownBy(() -> InRootResolver.resolve(root, "file/x", true, null))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOTDIR));
    }

    @Test
    void selfLoop_failsWithEloop() throws IOException {
        Files.createSymbolicLink(root.resolve("loop"), Path.of("loop/x"));
        assertThatThrownBy(() -> InRootResolver.resolve(root, "loop", true, null))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ELOOP));
    }

    @Test
    void components_dropEmptyAndDot() {
        assertThat(InRootResolver.components("//a/./b/../c/")).containsExactly("a", "b", "..", "c");
    }
}
