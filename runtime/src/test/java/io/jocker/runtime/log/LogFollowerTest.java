package io.jocker.runtime.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFollowerTest {
    @TempDir
    Path dir;

    private static String record(int second, String stream, String tag, String content) {
        return "2026-11-22T10:00:" + String.format("%02d", second) + ".000000001+00:00 " + stream + " " + tag + " "
                + content + "\n";
    }

    private static void append(Path file, String text) throws java.io.IOException {
        Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void history_thenNewLinesAcrossARotation_thenEndsWhenTheWriterStops() throws Exception {
        Path log = dir.resolve("container.log");
        append(log, record(1, "stdout", "F", "one") + record(2, "stderr", "F", "two"));
        AtomicBoolean alive = new AtomicBoolean(true);
        List<String> got = new CopyOnWriteArrayList<>();
        Thread follower = Thread.ofVirtual().start(() -> {
            try {
                LogFollower.follow(log, LogQuery.all(), alive::get, () -> true, m -> got.add(m.stream() + ":" + m.text()));
            } catch (Exception e) {
                got.add("failed: " + e);
            }
        });
        waitFor(() -> got.size() == 2);
        append(log, record(3, "stdout", "P", "par") + record(3, "stdout", "F", "tial"));
        waitFor(() -> got.size() == 3);
        // rotation: renamed, the writer adds a last line to the old file, then reopens a new one
        Files.move(log, dir.resolve("container.log.1"));
        append(dir.resolve("container.log.1"), record(4, "stdout", "F", "late in the old file"));
        append(log, record(5, "stdout", "F", "first in the new file"));
        waitFor(() -> got.size() == 5);
        append(log, record(6, "stdout", "P", "no newline yet"));
        alive.set(false);
        follower.join(5_000);
        assertThat(follower.isAlive()).isFalse();
        assertThat(got).containsExactly("stdout:one\n", "stderr:two\n", "stdout:partial\n",
                "stdout:late in the old file\n", "stdout:first in the new file\n", "stdout:no newline yet");
    }

    @Test
    void tailSinceAndStreams_applyToHistory_andARefusingSinkEndsTheFollow() throws Exception {
        Path log = dir.resolve("container.log");
        append(dir.resolve("container.log.1"), record(1, "stdout", "F", "rotated"));
        append(log, record(2, "stdout", "F", "a") + record(3, "stderr", "F", "b") + record(4, "stdout", "F", "c"));
        List<String> got = new CopyOnWriteArrayList<>();
        LogFollower.follow(log, new LogQuery(true, false, null, null, 2), () -> true, () -> true, m -> got.add(m.text()) && false);
        assertThat(got).containsExactly("a\n"); // the tail of stdout is a, c; the sink refused after a
        got.clear();
        LogFollower.follow(log, new LogQuery(true, true, Instant.parse("2026-11-22T10:00:03Z"), null, -1),
                () -> false, () -> true, m -> got.add(m.text()));
        assertThat(got).containsExactly("b\n", "c\n");
        got.clear();
        LogFollower.follow(log, LogQuery.all(), () -> false, () -> true, m -> got.add(m.text()));
        assertThat(got).containsExactly("rotated\n", "a\n", "b\n", "c\n");
    }

    @Test
    void aBatchingSink_isFlushedWheneverTheLogHasNothingMoreForNow() throws Exception {
        Path log = dir.resolve("container.log");
        append(log, record(1, "stdout", "F", "a") + record(1, "stdout", "F", "b"));
        AtomicBoolean alive = new AtomicBoolean(true);
        List<String> pending = new CopyOnWriteArrayList<>();
        List<String> delivered = new CopyOnWriteArrayList<>();
        Thread follower = Thread.ofVirtual().start(() -> {
            try {
                LogFollower.follow(log, LogQuery.all(), alive::get, () -> true, new LogFollower.Sink() {
                    @Override
                    public boolean accept(LogMessage m) {
                        return pending.add(m.text());
                    }

                    @Override
                    public void flush() {
                        delivered.addAll(pending);
                        pending.clear();
                    }
                });
            } catch (Exception e) {
                delivered.add("failed: " + e);
            }
        });
        waitFor(() -> delivered.size() == 2); // the history, flushed before the first wait
        append(log, record(2, "stdout", "F", "c"));
        waitFor(() -> delivered.size() == 3);
        append(log, record(3, "stdout", "P", "no newline"));
        alive.set(false);
        follower.join(5_000);
        assertThat(delivered).containsExactly("a\n", "b\n", "c\n", "no newline");
    }

    @Test
    void aClientThatLeft_endsTheFollowOfAQuietContainer() throws Exception {
        Path log = dir.resolve("container.log");
        append(log, record(1, "stdout", "F", "one"));
        AtomicBoolean connected = new AtomicBoolean(true);
        Thread follower = Thread.ofVirtual().start(() -> {
            try {
                LogFollower.follow(log, LogQuery.all(), () -> true, connected::get, m -> true);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(3 * LogFollower.POLL_MILLIS);
        assertThat(follower.isAlive()).isTrue();
        connected.set(false);
        follower.join(5_000);
        assertThat(follower.isAlive()).as("no line needs to come for the follower to notice").isFalse();
    }

    @Test
    void twoRotationsBetweenReads_theFileInBetweenIsReadToo() throws Exception {
        Path log = dir.resolve("container.log");
        append(log, record(1, "stdout", "F", "first"));
        AtomicBoolean alive = new AtomicBoolean(true);
        List<String> got = new CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch firstSeen = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch rotatedTwice = new java.util.concurrent.CountDownLatch(1);
        Thread follower = slowFollower(log, alive, got, firstSeen, rotatedTwice); // two rotations meanwhile
        firstSeen.await();
        append(log, record(2, "stdout", "F", "second"));
        Files.move(log, dir.resolve("container.log.1"));
        append(log, record(3, "stdout", "F", "third"));
        Files.move(dir.resolve("container.log.1"), dir.resolve("container.log.2"));
        Files.move(log, dir.resolve("container.log.1"));
        append(log, record(4, "stdout", "F", "fourth"));
        rotatedTwice.countDown();
        waitFor(() -> got.size() == 4);
        alive.set(false);
        follower.join(5_000);
        assertThat(got).containsExactly("first\n", "second\n", "third\n", "fourth\n");
    }

    @Test
    void read_streamsEveryFile_andKeepsOnlyTheTailInMemory() throws Exception {
        Path log = dir.resolve("container.log");
        StringBuilder old = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            old.append(record(1, "stdout", "F", "old " + i));
        }
        append(dir.resolve("container.log.1"), old.toString());
        append(log, record(2, "stdout", "F", "new 0") + record(2, "stdout", "F", "new 1"));
        List<String> tail = new java.util.ArrayList<>();
        K8sFileLog.read(log, new LogQuery(true, true, null, null, 3), m -> tail.add(m.text()));
        assertThat(tail).containsExactly("old 4999\n", "new 0\n", "new 1\n");
        java.util.concurrent.atomic.AtomicInteger all = new java.util.concurrent.atomic.AtomicInteger();
        K8sFileLog.read(log, LogQuery.all(), m -> all.incrementAndGet() < 10);
        assertThat(all).as("a refusing sink stops the read").hasValue(10);
    }

    @Test
    void theFileALaggingFollowerReadWasDroppedByMaxFile_theNewerOnesAreStillRead() throws Exception {
        Path log = dir.resolve("container.log");
        append(log, record(1, "stdout", "F", "first"));
        AtomicBoolean alive = new AtomicBoolean(true);
        List<String> got = new CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch firstSeen = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch rotated = new java.util.concurrent.CountDownLatch(1);
        Thread follower = slowFollower(log, alive, got, firstSeen, rotated);
        firstSeen.await();
        // max-file=2: the file being read becomes .1, then is dropped when the next one takes its place
        Files.move(log, dir.resolve("container.log.1"));
        append(log, record(2, "stdout", "F", "second"));
        Files.delete(dir.resolve("container.log.1"));
        Files.move(log, dir.resolve("container.log.1"));
        append(log, record(3, "stdout", "F", "third"));
        rotated.countDown();
        waitFor(() -> got.size() == 3);
        alive.set(false);
        follower.join(5_000);
        assertThat(got).containsExactly("first\n", "second\n", "third\n");
    }

    @Test
    void read_endsAtTheSizeTheLogHadAtTheStart_andSplitsEndlessLines() throws Exception {
        Path log = dir.resolve("container.log");
        append(log, record(1, "stdout", "F", "before"));
        List<String> got = new java.util.ArrayList<>();
        K8sFileLog.read(log, LogQuery.all(), m -> {
            got.add(m.text());
            append(log, record(2, "stdout", "F", "written while the client reads"));
            return true;
        });
        assertThat(got).containsExactly("before\n");

        Path bar = dir.resolve("bar.log");
        String piece = "x".repeat(8 * 1024);
        StringBuilder records = new StringBuilder();
        for (int i = 0; i < 200; i++) { // 1.6 MB of a line that never ends
            records.append(record(1, "stdout", "P", piece));
        }
        append(bar, records.toString());
        List<Integer> sizes = new java.util.ArrayList<>();
        K8sFileLog.read(bar, LogQuery.all(), m -> sizes.add(m.line().length));
        assertThat(sizes).allMatch(n -> n <= K8sFileLog.Joiner.MAX_LINE + piece.length());
        assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(200 * piece.length());
    }

    /**
     * A follower whose client takes "first" and then holds on until {@code release}: what happens to
     * the files meanwhile is what the test is about.
     */
    private static Thread slowFollower(Path log, AtomicBoolean alive, List<String> got,
            java.util.concurrent.CountDownLatch firstSeen, java.util.concurrent.CountDownLatch release) {
        return Thread.ofVirtual().start(() -> {
            try {
                LogFollower.follow(log, LogQuery.all(), alive::get, () -> true, m -> {
                    got.add(m.text());
                    if (m.text().equals("first\n")) {
                        firstSeen.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            return false;
                        }
                    }
                    return true;
                });
            } catch (Exception e) {
                got.add("failed: " + e);
            }
        });
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(10);
        }
    }
}
