package io.jocker.runtime.shim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExitWatcherTest {
    @TempDir
    Path dir;

    @Test
    void start_existingAndRenamedFiles_deliveredOnceEach() throws Exception {
        Files.writeString(dir.resolve("old"), "5");
        var q = new LinkedBlockingQueue<String>();
        try (ExitWatcher w = ExitWatcher.start(dir, (id, code) -> q.add(id + "=" + code))) {
            assertThat(q.poll(5, TimeUnit.SECONDS)).isEqualTo("old=5");
            Path tmp = dir.resolve("new.AbC123");
            Files.writeString(tmp, "137");
            Files.move(tmp, dir.resolve("new"), StandardCopyOption.ATOMIC_MOVE);
            assertThat(q.poll(5, TimeUnit.SECONDS)).isEqualTo("new=137");
            Files.writeString(dir.resolve("new"), "1"); // rewrite without forget: not delivered again
            Files.delete(dir.resolve("new"));
            Files.writeString(dir.resolve("new"), "1");
            assertThat(q.poll(300, TimeUnit.MILLISECONDS)).isNull();
            w.forget("new");
            Files.delete(dir.resolve("new"));
            Files.writeString(dir.resolve("new.t"), "2");
            Files.move(dir.resolve("new.t"), dir.resolve("new"), StandardCopyOption.ATOMIC_MOVE);
            assertThat(q.poll(5, TimeUnit.SECONDS)).isEqualTo("new=2");
        }
    }
}
