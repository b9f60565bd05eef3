package io.jocker.storage.content;

import static org.assertj.core.api.Assertions.assertThat;

import io.jocker.oci.digest.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalContentStoreTest extends ContentStoreContract {
    private static final byte[] CONTENT = "layer bytes".getBytes(StandardCharsets.UTF_8);
    private static final Digest DIGEST = Digest.sha256Of(CONTENT);

    @TempDir
    Path root;

    @Override
    protected ContentStore newStore() {
        return ContentStores.local(root);
    }

    @Override
    protected void damage(Digest digest, byte[] content) throws IOException {
        Path blob = root.resolve("blobs/sha256").resolve(digest.hex());
        Files.setPosixFilePermissions(blob, PosixFilePermissions.fromString("rw-r--r--"));
        Files.write(blob, content);
    }

    @Override
    protected int ingestCount() throws IOException {
        return entries(root.resolve("ingest")).size();
    }

    @Override
    protected void leaveCrashedIngest(byte[] partial) throws IOException {
        Files.write(root.resolve("ingest").resolve(Long.toHexString(ThreadLocalRandom.current().nextLong())), partial);
    }

    @Test
    void commit_placesAReadOnlyFileNamedByItsDigest() throws IOException {
        store.writeBlob(CONTENT);

        Path blob = root.resolve("blobs/sha256/" + DIGEST.hex());
        assertThat(store.path(DIGEST)).isEqualTo(blob);
        assertThat(blob).isRegularFile().hasBinaryContent(CONTENT);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(blob))).isEqualTo("r--r--r--");
        assertThat(entries(root.resolve("ingest"))).isEmpty();
    }

    @Test
    void writer_whileOpen_holdsOneIngestFileNamedAtRandom() throws IOException {
        try (ContentStore.Writer writer = store.writer("layer-" + DIGEST)) {
            writer.write(CONTENT);
            writer.flush();

            assertThat(entries(root.resolve("ingest"))).singleElement().satisfies(file -> {
                assertThat(file.getFileName().toString()).matches("[0-9a-f]{16}");
                assertThat(file).hasBinaryContent(CONTENT);
            });
        }
    }

    @Test
    void open_afterAWriterWasAbandonedByACrash_removesItsIngest() throws IOException {
        ContentStore.Writer abandoned = store.writer("layer-" + DIGEST);
        abandoned.write(CONTENT);
        abandoned.flush();

        ContentStores.local(root); // the next daemon start

        assertThat(entries(root.resolve("ingest"))).isEmpty();
        assertThat(store.list()).isEmpty();
    }

    @Test
    void open_afterACrashBetweenLinkAndUnlink_keepsTheBlob() throws IOException {
        store.writeBlob(CONTENT);
        // The crash left the ingest as a second name of the committed blob.
        Files.createLink(root.resolve("ingest/00112233aabbccdd"), root.resolve("blobs/sha256/" + DIGEST.hex()));

        ContentStore reopened = ContentStores.local(root);

        assertThat(entries(root.resolve("ingest"))).isEmpty();
        reopened.verify(DIGEST);
    }

    @Test
    void open_leftoverIngestDirectory_isRemovedToo() throws IOException {
        Files.createDirectories(root.resolve("ingest/0123456789abcdef/nested"));
        Files.writeString(root.resolve("ingest/0123456789abcdef/nested/data"), "partial");

        assertThat(store.cleanIngest()).isEqualTo(1);

        assertThat(entries(root.resolve("ingest"))).isEmpty();
    }

    @Test
    void list_filesNotNamedByADigest_areNotBlobs() throws IOException {
        store.writeBlob(CONTENT);
        Files.writeString(root.resolve("blobs/sha256/notablob"), "stray");
        Files.writeString(root.resolve("blobs/sha256/" + DIGEST.hex().toUpperCase()), "stray");

        assertThat(store.list()).extracting(BlobInfo::digest).containsExactly(DIGEST);
        assertThat(store.check()).isEmpty();
        assertThat(store.sizeOfAll()).isEqualTo(CONTENT.length);
    }

    @Test
    void reopen_seesBlobsCommittedBefore() {
        store.writeBlob(CONTENT);

        ContentStore reopened = ContentStores.local(root);

        assertThat(reopened.list()).extracting(BlobInfo::digest).containsExactly(DIGEST);
        assertThat(reopened.info(DIGEST)).isEqualTo(store.info(DIGEST));
    }

    private static List<Path> entries(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
