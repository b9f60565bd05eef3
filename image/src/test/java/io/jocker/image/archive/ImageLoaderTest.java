package io.jocker.image.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jocker.common.error.EngineException;
import io.jocker.image.store.ImageRecord;
import io.jocker.image.store.ImageStore;
import io.jocker.image.store.LayerRecord;
import io.jocker.oci.digest.Digest;
import io.jocker.oci.reference.Reference;
import io.jocker.storage.content.ContentStore;
import io.jocker.storage.content.ContentStores;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Load and save against archives the real Docker 20.10 wrote (fixtures/images). */
class ImageLoaderTest {
    @TempDir
    Path dir;
    ImageStore images;
    ContentStore content;
    DigestingUnpacker unpacker;
    ImageLoader loader;

    @BeforeEach
    void open() {
        images = ImageStore.open(dir.resolve("image"));
        content = ContentStores.local(dir.resolve("content"));
        unpacker = new DigestingUnpacker();
        loader = new ImageLoader(images, content, unpacker, Clock.systemUTC());
    }

    private List<ImageLoader.Loaded> load(String archive) throws IOException {
        try (InputStream in = Files.newInputStream(Fixtures.archive(archive))) {
            return loader.load(in);
        }
    }

    @Test
    void dockerArchive_loadsWithDockersImageIdsAndTags() throws IOException {
        List<ImageLoader.Loaded> loaded = load("busybox-docker20.tar");

        String busybox = Fixtures.imageId("jocker-fixture/busybox:1");
        String child = Fixtures.imageId("jocker-fixture/child:1");
        assertThat(loaded).extracting(l -> l.id().toString()).containsExactlyInAnyOrder(busybox, child);
        assertThat(images.tags().resolve(Reference.parse("jocker-fixture/busybox:1")))
                .contains(Digest.parse(busybox));
        assertThat(images.tags().resolve(Reference.parse("jocker-fixture/child:1"))).contains(Digest.parse(child));
        ImageRecord record = images.get(Digest.parse(child)).orElseThrow();
        List<String> expectedDiffIds = new ArrayList<>();
        Fixtures.expected().path("images").path("jocker-fixture/child:1").path("RootFS").path("Layers")
                .forEach(l -> expectedDiffIds.add(l.asText()));
        assertThat(record.layers()).hasSize(expectedDiffIds.size());
        List<String> diffIds = record.layers().stream()
                .map(chain -> images.layer(chain).orElseThrow().diffId().toString()).toList();
        assertThat(diffIds).isEqualTo(expectedDiffIds);
    }

    @Test
    void sharedLayers_areUnpackedOnce() throws IOException {
        load("busybox-docker20.tar");
        assertThat(unpacker.unpackCalls).doesNotHaveDuplicates();
        int childLayers = Fixtures.expected().path("images").path("jocker-fixture/child:1").path("RootFS")
                .path("Layers").size();
        assertThat(unpacker.unpackCalls).hasSize(childLayers);

        load("busybox-only.tar");
        assertThat(unpacker.unpackCalls).hasSize(childLayers); // nothing new to unpack
    }

    @Test
    void ociLayoutWithManifestJson_loadsWithTheSameIds() throws IOException {
        List<ImageLoader.Loaded> loaded = load("busybox-docker25style.tar");
        assertThat(loaded).extracting(l -> l.id().toString()).contains(Fixtures.imageId("jocker-fixture/busybox:1"));
    }

    @Test
    void pureOciLayout_loads() throws IOException {
        List<ImageLoader.Loaded> loaded = load("busybox-oci.tar");
        assertThat(loaded).isNotEmpty();
        assertThat(images.get(loaded.get(0).id())).isPresent();
    }

    @Test
    void save_thenLoadIntoAnEmptyStore_keepsIdsTagsAndLayerBytes() throws IOException {
        load("busybox-docker20.tar");
        Digest busybox = Digest.parse(Fixtures.imageId("jocker-fixture/busybox:1"));
        ImageRecord record = images.get(busybox).orElseThrow();
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        new ImageSaver(images, content).save(
                List.of(new ImageSaver.Selection(record, images.tags().tagsOf(busybox))), archive);

        Set<String> names = new TreeSet<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(archive.toByteArray()))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                names.add(e.getName());
            }
        }
        assertThat(names).contains("oci-layout", "index.json", "manifest.json", "repositories",
                "blobs/sha256/" + busybox.hex());
        for (Digest chain : record.layers()) {
            LayerRecord layer = images.layer(chain).orElseThrow();
            assertThat(names).contains("blobs/sha256/" + layer.blob().hex());
        }

        ImageStore other = ImageStore.open(dir.resolve("other"));
        ImageLoader otherLoader = new ImageLoader(other, ContentStores.local(dir.resolve("other-content")),
                new DigestingUnpacker(), Clock.systemUTC());
        List<ImageLoader.Loaded> reloaded = otherLoader.load(new ByteArrayInputStream(archive.toByteArray()));
        assertThat(reloaded).extracting(ImageLoader.Loaded::id).containsExactly(busybox);
        // docker save writes only the tags it was asked for: the archive carried busybox:1 alone
        assertThat(reloaded.get(0).tags()).containsExactly("jocker-fixture/busybox:1");

        ByteArrayOutputStream again = new ByteArrayOutputStream();
        new ImageSaver(images, content).save(
                List.of(new ImageSaver.Selection(record, images.tags().tagsOf(busybox))), again);
        assertThat(again.toByteArray()).as("save is deterministic").isEqualTo(archive.toByteArray());
    }

    @Test
    void loadingTheSameArchiveTwice_isIdempotent() throws IOException {
        load("busybox-docker20.tar");
        int blobs = content.list().size();
        load("busybox-docker20.tar");
        assertThat(content.list()).hasSize(blobs);
        assertThat(images.list()).hasSize(2);
    }

    @Test
    void garbage_isRefusedClearly_andStoresNoImage() {
        assertThatThrownBy(() -> loader.load(new ByteArrayInputStream("not a tar at all".getBytes())))
                .isInstanceOf(EngineException.class);
        assertThat(images.list()).isEmpty();
    }

    @Test
    void truncatedArchive_isRefused_andStoresNoImage() throws IOException {
        byte[] whole = Files.readAllBytes(Fixtures.archive("busybox-only.tar"));
        byte[] half = java.util.Arrays.copyOf(whole, whole.length / 2);
        assertThatThrownBy(() -> loader.load(new ByteArrayInputStream(half))).isInstanceOf(EngineException.class);
        assertThat(images.list()).isEmpty();
        assertThat(images.tags().all()).isEmpty();
    }
}
