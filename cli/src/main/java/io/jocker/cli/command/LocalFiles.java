package io.jocker.cli.command;

import io.jocker.cli.CliFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Consumer;

/**
 * Files the image commands read and write on the user's side, failing with the texts the Go
 * CLI prints ({@code open x.tar: no such file or directory}). Stateless.
 */
final class LocalFiles {
    private static final int S_IFMT = 0170000;
    private static final int S_IFIFO = 0010000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFSOCK = 0140000;

    private LocalFiles() {}

    /** Opens a file to read, as Go's {@code os.Open} fails. */
    static InputStream open(String name) {
        Path path = Path.of(name);
        try {
            if (Files.isDirectory(path)) {
                // Go opens a directory fine; the first read fails
                throw new CliFailure(1, "read " + name + ": is a directory");
            }
            return Files.newInputStream(path);
        } catch (NoSuchFileException e) {
            throw new CliFailure(1, "open " + name + ": no such file or directory");
        } catch (AccessDeniedException e) {
            throw new CliFailure(1, "open " + name + ": permission denied");
        } catch (IOException e) {
            throw new CliFailure(1, "open " + name + ": " + e.getMessage());
        }
    }

    /**
     * Writes a file all at once or not at all, as moby/sys/atomicwriter does for {@code save -o}:
     * a temporary file beside it, synced, mode 0600, renamed over the target. The target is
     * checked first with atomicwriter's messages. If {@code write} fails the temporary file is
     * removed (atomicwriter would still commit what was written).
     */
    static void writeAtomically(String name, String errorPrefix, Consumer<OutputStream> write) {
        Path target = Path.of(name);
        validateDestination(target, errorPrefix);
        Path absolute = target.toAbsolutePath();
        Path temp;
        try {
            temp = Files.createTempFile(absolute.getParent(), ".tmp-" + absolute.getFileName(), "",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (IOException e) {
            throw new CliFailure(1, errorPrefix + e.getMessage());
        }
        boolean committed = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
                    OutputStream out = Channels.newOutputStream(channel)) {
                write.accept(out);
                out.flush();
                channel.force(true);
            }
            Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            committed = true;
        } catch (IOException e) {
            throw new CliFailure(1, e.getMessage());
        } finally {
            if (!committed) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    // best effort: a stray .tmp- file is all that is left
                }
            }
        }
    }

    /** atomicwriter.validateDestination. */
    private static void validateDestination(Path target, String prefix) {
        Path dir = target.getParent();
        if (dir != null && !dir.toString().equals(".") && !dir.toString().equals("..")) {
            if (!Files.exists(dir)) {
                throw new CliFailure(1, prefix + "invalid output path: stat " + dir + ": no such file or directory");
            }
            if (!Files.isDirectory(dir)) {
                throw new CliFailure(1, prefix + "invalid output path: stat " + dir + ": not a directory");
            }
        }
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        String problem = null;
        if (Files.isSymbolicLink(target)) {
            problem = "cannot write to a symbolic link directly";
        } else if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            problem = "cannot write to a directory";
        } else if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
            problem = switch (mode(target) & S_IFMT) {
                case S_IFIFO -> "cannot write to a named pipe (FIFO)";
                case S_IFSOCK -> "cannot write to a socket";
                case S_IFCHR -> "cannot write to a character device file";
                case S_IFBLK -> "cannot write to a block device file";
                default -> "unknown file mode";
            };
        }
        if (problem != null) {
            throw new CliFailure(1, prefix + problem);
        }
    }

    private static int mode(Path path) {
        try {
            return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return 0;
        }
    }
}
