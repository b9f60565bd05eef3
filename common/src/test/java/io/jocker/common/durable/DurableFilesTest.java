package io.jocker.common.durable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableFilesTest {
    @TempDir
    Path dir;

    @Test
    void writeAtomically_missingParentDirectories_createsThemAndWritesContent() throws IOException {
        Path target = dir.resolve("a/b/c/record.json");

        DurableFiles.writeAtomically(target, bytes("hello"));

        assertThat(target).isRegularFile().hasContent("hello");
    }

    @Test
    void writeAtomically_existingFile_replacesWholeContent() throws IOException {
        Path target = dir.resolve("record.json");
        Files.writeString(target, "a much longer old content that must not survive as a tail");

        DurableFiles.writeAtomically(target, bytes("new"));

        assertThat(target).hasContent("new");
    }

    @Test
    void writeAtomically_existingFile_replacesByRenameNotInPlace() throws IOException {
        Path target = dir.resolve("record.json");
        Files.writeString(target, "old");
        Object inodeBefore = Files.readAttributes(target, "unix:ino").get("ino");

        DurableFiles.writeAtomically(target, bytes("new"));

        // A reader that opened the old file keeps seeing the old inode; the name points at a new one.
        Object inodeAfter = Files.readAttributes(target, "unix:ino").get("ino");
        assertThat(inodeAfter).isNotEqualTo(inodeBefore);
    }

    @Test
    void writeAtomically_emptyContent_writesEmptyFile() throws IOException {
        Path target = dir.resolve("empty");

        DurableFiles.writeAtomically(target, new byte[0]);

        assertThat(target).isRegularFile().isEmptyFile();
    }

    @Test
    void writeAtomically_largeContent_writesEveryByte() throws IOException {
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31);
        }
        Path target = dir.resolve("large.bin");

        DurableFiles.writeAtomically(target, content);

        assertThat(Files.readAllBytes(target)).isEqualTo(content);
    }

    @Test
    void writeAtomically_success_leavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("record.json");

        DurableFiles.writeAtomically(target, bytes("one"));
        DurableFiles.writeAtomically(target, bytes("two"));

        assertThat(list(dir)).containsExactly("record.json");
    }

    @Test
    void writeAtomically_targetIsDirectory_failsAndLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("sub");
        Files.createDirectory(target);
        Files.writeString(target.resolve("inside"), "x");

        assertThatThrownBy(() -> DurableFiles.writeAtomically(target, bytes("x"))).isInstanceOf(IOException.class);

        assertThat(list(dir)).containsExactly("sub");
        assertThat(target.resolve("inside")).hasContent("x");
    }

    @Test
    void writeAtomically_parentIsAFile_throwsIOException() throws IOException {
        Path file = dir.resolve("file");
        Files.writeString(file, "x");

        assertThatThrownBy(() -> DurableFiles.writeAtomically(file.resolve("child"), bytes("y")))
                .isInstanceOf(IOException.class);
        assertThat(file).hasContent("x");
    }

    @Test
    void writeAtomically_concurrentWritersOfOneTarget_lastRenameWinsWithACompleteContentAndNoTemporaryFiles()
            throws Exception {
        Path target = dir.resolve("contended.json");
        int writers = 8;
        List<String> contents = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            contents.add(String.valueOf((char) ('a' + i)).repeat(10_000 + i));
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (String content : contents) {
                futures.add(pool.submit((Callable<Void>) () -> {
                    start.await();
                    for (int round = 0; round < 20; round++) {
                        DurableFiles.writeAtomically(target, bytes(content));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<Void> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(contents).contains(Files.readString(target));
        assertThat(list(dir)).containsExactly("contended.json");
    }

    @Test
    void tempSuffix_isDotTmp() {
        // Stores scan for this suffix to clean up after a crash.
        assertThat(DurableFiles.TEMP_SUFFIX).isEqualTo(".tmp");
    }

    @Test
    void deleteDurably_existingFile_deletesAndReturnsTrue() throws IOException {
        Path target = dir.resolve("gone.json");
        Files.writeString(target, "x");

        boolean deleted = DurableFiles.deleteDurably(target);

        assertThat(deleted).isTrue();
        assertThat(target).doesNotExist();
    }

    @Test
    void deleteDurably_missingFile_returnsFalse() throws IOException {
        boolean deleted = DurableFiles.deleteDurably(dir.resolve("never-was"));

        assertThat(deleted).isFalse();
    }

    @Test
    void deleteDurably_otherFiles_leavesThemAlone() throws IOException {
        Files.writeString(dir.resolve("keep"), "k");
        Files.writeString(dir.resolve("drop"), "d");

        DurableFiles.deleteDurably(dir.resolve("drop"));

        assertThat(list(dir)).containsExactly("keep");
    }

    @Test
    void deleteDurably_missingParentDirectory_returnsFalse() throws IOException {
        boolean deleted = DurableFiles.deleteDurably(dir.resolve("no/such/dir/file"));

        assertThat(deleted).isFalse();
    }

    @Test
    void syncDirectory_existingDirectory_succeeds() throws IOException {
        DurableFiles.syncDirectory(dir);

        assertThat(dir).isDirectory();
    }

    @Test
    void syncDirectory_missingDirectory_throwsIOException() {
        assertThatThrownBy(() -> DurableFiles.syncDirectory(dir.resolve("missing"))).isInstanceOf(IOException.class);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
