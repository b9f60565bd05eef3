package io.jocker.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jocker.common.error.EngineException;
import io.jocker.common.error.ErrorKind;
import io.jocker.common.event.Event;
import io.jocker.image.archive.LayerUnpacker;
import io.jocker.image.store.ImageStore;
import io.jocker.oci.digest.Digest;
import io.jocker.storage.content.ContentStore;
import io.jocker.storage.content.ContentStores;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tag and remove semantics (dockerd's), events, save/load through the service, on a Docker-made archive. */
class ImageServiceTest {
    @TempDir
    Path dir;
    ImageService service;
    ContentStore content;
    final List<Event> events = new ArrayList<>();
    final Set<Digest> snapshots = new HashSet<>();
    Optional<String> containerUsing = Optional.empty();

    /** Hashes the (plain) tar stream; remembers chains. */
    final class FakeUnpacker implements LayerUnpacker {
        @Override
        public boolean exists(Digest chainId) {
            return snapshots.contains(chainId);
        }

        @Override
        public Unpacked unpack(Digest chainId, Digest parentChainId, InputStream blob) {
            if (chainId == null) {
                return hash(blob);
            }
            Unpacked unpacked = hash(blob);
            snapshots.add(chainId);
            return unpacked;
        }

        private Unpacked hash(InputStream blob) {
            try {
                MessageDigest sha = Digest.newSha256();
                long size = 0;
                byte[] buffer = new byte[65536];
                for (int n = blob.read(buffer); n >= 0; n = blob.read(buffer)) {
                    sha.update(buffer, 0, n);
                    size += n;
                }
                return new Unpacked(Digest.ofSha256Bytes(sha.digest()), size);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Unpacked unpackBase(InputStream blob) {
            Unpacked unpacked = hash(blob);
            snapshots.add(unpacked.diffId());
            return unpacked;
        }

        @Override
        public boolean remove(Digest chainId) {
            return snapshots.remove(chainId);
        }
    }

    @BeforeEach
    void load() throws IOException {
        content = ContentStores.local(dir.resolve("content"));
        service = new ImageService(ImageStore.open(dir.resolve("image")), content, new FakeUnpacker(),
                image -> containerUsing, events::add, Clock.systemUTC(), null);
        try (InputStream in = Files.newInputStream(fixture("busybox-docker20.tar"))) {
            List<LoadedImage> loaded = service.load(in);
            assertThat(loaded).hasSize(2);
        }
    }

    static Path fixture(String name) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("fixtures/images"))) {
                return p.resolve("fixtures/images").resolve(name);
            }
        }
        throw new IllegalStateException("fixtures not found");
    }

    @Test
    void load_publishesLoadAndTagEvents() {
        assertThat(events).extracting(Event::action).contains("load", "tag");
        assertThat(events).allMatch(e -> e.type().equals("image"));
    }

    @Test
    void list_andInspect_byTagIdAndShortId() {
        assertThat(service.list()).hasSize(2);
        ImageView byTag = service.inspect("jocker-fixture/busybox:1");
        assertThat(service.inspect(byTag.id().toString()).id()).isEqualTo(byTag.id());
        assertThat(service.inspect(byTag.id().hex().substring(0, 12)).id()).isEqualTo(byTag.id());
        assertThat(byTag.size()).isPositive();
        assertThat(byTag.config().config().labels()).containsEntry("org.example.fixture", "jocker");
    }

    @Test
    void inspect_unknown_isNotFoundWithDockersText() {
        assertThatThrownBy(() -> service.inspect("nosuch:1")).isInstanceOf(EngineException.class)
                .hasMessage("No such image: nosuch:1")
                .extracting(e -> ((EngineException) e).kind()).isEqualTo(ErrorKind.NOT_FOUND);
    }

    @Test
    void tag_thenRemoveTheTag_onlyUntags() {
        service.tag("jocker-fixture/busybox:1", "docker.io/library/other", "2");
        assertThat(service.inspect("other:2").tags()).extracting(Object::toString)
                .contains("docker.io/library/other:2", "docker.io/jocker-fixture/busybox:1");
        List<DeleteResult> results = service.remove("other:2", false, false);
        assertThat(results).containsExactly(DeleteResult.untagged("other:2"));
        assertThat(service.inspect("jocker-fixture/busybox:1")).isNotNull();
    }

    @Test
    void removeLastTag_deletesTheImageAndItsOwnLayersOnly() {
        ImageView child = service.inspect("jocker-fixture/child:1");
        int before = snapshots.size();
        List<DeleteResult> results = service.remove("jocker-fixture/child:1", false, false);
        assertThat(results.get(0)).isEqualTo(DeleteResult.untagged("jocker-fixture/child:1"));
        assertThat(results.get(1)).isEqualTo(DeleteResult.deleted(child.id().toString()));
        assertThat(snapshots).hasSize(before - 1); // the busybox layers stay for busybox
        assertThat(content.contains(child.id())).isFalse();
        assertThat(events).extracting(Event::action).contains("untag", "delete");
        assertThatThrownBy(() -> service.inspect("jocker-fixture/child:1")).isInstanceOf(EngineException.class);
    }

    @Test
    void removeById_withSeveralTags_needsForce() {
        ImageView busybox = service.inspect("jocker-fixture/busybox:1");
        service.tag(busybox.id().toString(), "docker.io/library/second", "");
        assertThatThrownBy(() -> service.remove(busybox.id().hex().substring(0, 12), false, false))
                .hasMessageContaining("(must be forced) - image is referenced in multiple repositories")
                .extracting(e -> ((EngineException) e).kind()).isEqualTo(ErrorKind.CONFLICT);
        List<DeleteResult> results = service.remove(busybox.id().hex().substring(0, 12), true, false);
        assertThat(results).contains(DeleteResult.deleted(busybox.id().toString()));
    }

    @Test
    void removeAnImageAContainerUses_isAConflictWithoutForce() {
        containerUsing = Optional.of("0123456789abcdef0123");
        assertThatThrownBy(() -> service.remove("jocker-fixture/child:1", false, false))
                .hasMessage("conflict: unable to remove repository reference \"jocker-fixture/child:1\" (must force) - "
                        + "container 0123456789ab is using its referenced image "
                        + service.inspect("jocker-fixture/child:1").id().shortHex());
    }

    @Test
    void prune_withoutAll_keepsTaggedImages_withAll_removesUnusedOnes() {
        assertThat(service.prune(false, Set.of(), Set.of(), null).deleted()).isEmpty();
        ImageService.PruneResult all = service.prune(true, Set.of("org.example.fixture=jocker"), Set.of(), null);
        assertThat(all.deleted()).extracting(DeleteResult::deleted).filteredOn(java.util.Objects::nonNull).hasSize(2 + 5);
        assertThat(all.spaceReclaimed()).isPositive();
        assertThat(service.list()).isEmpty();
    }

    @Test
    void prune_notLabel_excludes() {
        ImageService.PruneResult none = service.prune(true, Set.of(), Set.of("org.example.fixture"), null);
        assertThat(none.deleted()).isEmpty();
    }

    @Test
    void diskUsage_countsSharedLayersOnce() {
        ImageService.DiskUsage usage = service.diskUsage();
        long sumOfImages = usage.images().stream().mapToLong(ImageView::size).sum();
        assertThat(usage.layersSize()).isPositive().isLessThan(sumOfImages);
    }

    @Test
    void importImage_makesAOneLayerImageWithChangesAndComment() throws IOException {
        java.io.ByteArrayOutputStream tar = new java.io.ByteArrayOutputStream();
        try (var out = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(tar)) {
            var entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("hello.txt");
            entry.setSize(3);
            out.putArchiveEntry(entry);
            out.write("hi\n".getBytes());
            out.closeArchiveEntry();
        }
        Digest id = service.importImage(new java.io.ByteArrayInputStream(tar.toByteArray()), "imported:1", "",
                List.of("CMD [\"cat\",\"/hello.txt\"]"));
        ImageView view = service.inspect("imported:1");
        assertThat(view.id()).isEqualTo(id);
        assertThat(view.config().config().cmd()).containsExactly("cat", "/hello.txt");
        assertThat(view.config().history()).singleElement()
                .satisfies(h -> assertThat(h.comment()).isEqualTo("Imported from -"));
        assertThat(view.config().diffIds()).containsExactly(Digest.sha256Of(tar.toByteArray()));
        assertThat(events).extracting(Event::action).contains("import");
    }

    @Test
    void save_unknownName_failsBeforeWritingAnything() {
        assertThatThrownBy(() -> service.save(List.of("nosuch"))).hasMessage("No such image: nosuch:latest");
    }

    @Test
    void save_byTag_writesAnArchive_andPublishesSave() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        service.save(List.of("jocker-fixture/busybox:1")).writeTo(out);
        assertThat(out.size()).isGreaterThan(100_000);
        assertThat(events).extracting(Event::action).contains("save");
    }
}
