package io.jocker.linux.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jocker.linux.fs.FileSystemOps.NodeType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The native calls that work without privileges (the root-only ones are in the contract). */
class NativeFileSystemOpsTest {
    private final FileSystemOps fs = FileSystemOps.nativeOps();

    @TempDir
    Path dir;

    @BeforeEach
    void realDir() throws IOException {
        dir = dir.toRealPath();
    }

    @Test
    void makedev_roundTripsThroughMajorAndMinor() {
        long dev = NativeFileSystemOps.makedev(0x12345, 0x6789ab);
        assertThat(FileStat.major(dev)).isEqualTo(0x12345);
        assertThat(FileStat.minor(dev)).isEqualTo(0x6789ab);
        assertThat(NativeFileSystemOps.makedev(1, 3)).isEqualTo(0x103);
    }

    @Test
    void splitNulTerminated_dropsEmptyNames() {
        assertThat(NativeFileSystemOps.splitNulTerminated("user.a\0user.b\0".getBytes()))
                .containsExactly("user.a", "user.b");
    }

    @Test
    void fifo_andUserXattr_workUnprivileged() throws IOException {
        Path fifo = dir.resolve("fifo");
        fs.mknod(fifo, NodeType.FIFO, 0644, 0, 0);
        assertThat(fs.lstat(fifo).isFifo()).isTrue();
        Path file = Files.createFile(dir.resolve("file"));
        fs.lsetxattr(file, "user.jocker", new byte[] {(byte) 0xff, 0});
        assertThat(fs.lgetxattr(file, "user.jocker")).hasValueSatisfying(v -> assertThat(v).containsExactly(0xff, 0));
        assertThat(fs.llistxattr(file)).contains("user.jocker");
    }

    @Test
    void errors_nameTheCallThePathAndTheErrno() throws IOException {
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> fs.lsetxattr(missing, "user.x", new byte[] {1}))
                .isInstanceOf(ErrnoException.class)
                .hasMessage("lsetxattr " + missing + " user.x: ENOENT (No such file or directory)");
    }

    @Test
    void resolveInRoot_agreesWithTheJavaResolver() throws IOException {
        Path root = Files.createDirectory(dir.resolve("root"));
        Files.createDirectories(root.resolve("usr/lib/x"));
        Files.createDirectories(root.resolve("etc"));
        Files.createSymbolicLink(root.resolve("lib"), Path.of("usr/lib"));
        Files.createSymbolicLink(root.resolve("abs"), Path.of("/usr/lib"));
        Files.createSymbolicLink(root.resolve("usr/up"), Path.of("../../../../../etc"));
        Files.createSymbolicLink(root.resolve("usr/lib/x/chain"), Path.of("../../up"));
        Files.createSymbolicLink(root.resolve("host"), dir);
        Files.createDirectories(root.resolve(dir.toString().substring(1)).resolve("root"));
        for (String path : List.of("lib/x", "abs/x", "usr/up", "usr/lib/x/chain", "/../../../etc", "lib/../lib",
                "lib/../etc", "abs/x/../..", "host/root", "host/outside", "")) {
            String kernel = outcome(() -> resolveOrSkip(root, path));
            String java = outcome(() -> InRootResolver.resolve(root, path, true, null));
            assertThat(kernel).as(path).isEqualTo(java);
            assertThat(kernel).as(path).matches(k -> k.startsWith(root.toString()) || k.equals("ENOENT"));
        }
    }

    private interface Resolution {
        Path resolve() throws IOException;
    }

    /** The resolved path, or the errno name. */
    private static String outcome(Resolution resolution) throws IOException {
        try {
            return resolution.resolve().toString();
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ENOSYS) {
                throw e;
            }
            return e.errnoName();
        }
    }

    @Test
    void calls_workFromVirtualThreads() throws Exception {
        Path file = Files.createFile(dir.resolve("file"));
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> result = executor.submit(() -> {
                fs.lsetxattr(file, "user.v", new byte[] {7});
                assertThatThrownBy(() -> fs.lremovexattr(file, "user.none"))
                        .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENODATA));
                return null;
            });
            result.get();
        }
        assertThat(fs.lgetxattr(file, "user.v")).isPresent();
    }

    private Path resolveOrSkip(Path root, String path) throws IOException {
        try {
            return fs.resolveInRoot(root, path);
        } catch (ErrnoException e) {
            assumeTrue(e.errno() != Errno.ENOSYS, "openat2 needs Linux 5.6");
            throw e;
        }
    }
}
