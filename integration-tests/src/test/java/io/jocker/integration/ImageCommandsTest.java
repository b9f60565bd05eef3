package io.jocker.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images through the real docker CLI: load an archive Docker 20.10 saved, list, inspect, tag,
 * history, remove, save and load back. Root: layers are unpacked into overlay directories with
 * whiteout devices and trusted.* attributes.
 */
@Tag("root")
class ImageCommandsTest {
    @TempDir
    Path dir;
    TestDaemon daemon;
    Path docker;

    @BeforeEach
    void start() {
        docker = Processes.dockerCli().orElse(null);
        assumeTrue(docker != null, "the docker CLI is not installed on this machine");
        daemon = new TestDaemon(dir);
    }

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    private Processes.Result docker(String... args) {
        return Processes.docker(docker, daemon, dir, null, args);
    }

    private static Path fixture(String name) {
        return Processes.repositoryRoot().resolve("fixtures/images").resolve(name);
    }

    private static String expectedIdShort(String tag) {
        try {
            return expectedId(tag).substring(7, 19);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String expectedId(String tag) throws Exception {
        String json = Files.readString(fixture("expected.json"));
        com.fasterxml.jackson.databind.JsonNode tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        return tree.path("images").path(tag).path("Id").asText();
    }

    @Test
    void loadListInspectTagHistoryRemove_throughTheDockerCli() throws Exception {
        Processes.Result load = docker("load", "-i", fixture("busybox-docker20.tar").toString());
        assertThat(load.exit()).as(load.err()).isZero();
        assertThat(load.out()).contains("Loaded image: jocker-fixture/busybox:1").contains("Loaded image: jocker-fixture/child:1");

        String busybox = expectedId("jocker-fixture/busybox:1");
        Processes.Result inspect = docker("image", "inspect", "--format", "{{.Id}} {{.Os}}/{{.Architecture}}",
                "jocker-fixture/busybox:1");
        assertThat(inspect.out().trim()).isEqualTo(busybox + " linux/amd64");

        Processes.Result images = docker("images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}");
        assertThat(images.out()).contains("jocker-fixture/busybox:1 " + busybox.substring(7, 19))
                .contains("jocker-fixture/child:1");

        assertThat(docker("tag", "jocker-fixture/busybox:1", "mybox:2").exit()).isZero();
        assertThat(docker("images", "-q", "mybox").out().trim()).isEqualTo(busybox.substring(7, 19));

        Processes.Result history = docker("history", "--format", "{{.ID}} {{.Size}}", "jocker-fixture/child:1");
        assertThat(history.out()).startsWith(expectedId("jocker-fixture/child:1").substring(7, 19)).contains("<missing>");

        Processes.Result untag = docker("rmi", "mybox:2");
        assertThat(untag.out().trim()).isEqualTo("Untagged: mybox:2");

        long snapshotsBefore = countSnapshots();
        Processes.Result remove = docker("rmi", "jocker-fixture/child:1");
        assertThat(remove.out()).contains("Untagged: jocker-fixture/child:1")
                .contains("Deleted: " + expectedId("jocker-fixture/child:1"));
        assertThat(countSnapshots()).isEqualTo(snapshotsBefore - 1); // only the child's own layer goes

        Processes.Result missing = docker("image", "inspect", "nosuch:1");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("No such image: nosuch:1");
    }

    @Test
    void save_thenLoadIntoAFreshDaemon_keepsTheImageId() throws Exception {
        assertThat(docker("load", "-i", fixture("busybox-only.tar").toString()).exit()).isZero();
        Path saved = dir.resolve("saved.tar");
        Processes.Result save = docker("save", "-o", saved.toString(), "jocker-fixture/busybox:1");
        assertThat(save.exit()).as(save.err()).isZero();
        assertThat(saved).isNotEmptyFile();

        assertThat(docker("rmi", "jocker-fixture/busybox:1").exit()).isZero();
        assertThat(countSnapshots()).isZero();
        Processes.Result reload = docker("load", "-i", saved.toString());
        assertThat(reload.out()).contains("Loaded image: jocker-fixture/busybox:1");
        assertThat(docker("image", "inspect", "--format", "{{.Id}}", "jocker-fixture/busybox:1").out().trim())
                .isEqualTo(expectedId("jocker-fixture/busybox:1"));
    }

    @Test
    void ociLayoutWithGzipLayers_andDockerStyleLayout_load() throws Exception {
        Processes.Result oci = docker("load", "-i", fixture("busybox-oci.tar").toString());
        assertThat(oci.exit()).as(oci.err()).isZero();
        Processes.Result docker25 = docker("load", "-i", fixture("busybox-docker25style.tar").toString());
        assertThat(docker25.exit()).as(docker25.err()).isZero();
        assertThat(docker("image", "inspect", "--format", "{{.Id}}", "jocker-fixture/busybox:1").out().trim())
                .isEqualTo(expectedId("jocker-fixture/busybox:1"));
    }

    @Test
    void imagesFilters_danglingLabelReferenceBeforeSince() throws Exception {
        assertThat(docker("load", "-i", fixture("busybox-docker20.tar").toString()).exit()).isZero();
        assertThat(docker("images", "-q", "--filter", "label=org.example.fixture=jocker").out().lines()).hasSize(2);
        assertThat(docker("images", "-q", "--filter", "label=nosuch").out()).isEmpty();
        assertThat(docker("images", "--format", "{{.Repository}}", "--filter", "reference=*/child").out().trim())
                .isEqualTo("jocker-fixture/child");
        assertThat(docker("images", "-q", "--filter", "dangling=true").out()).isEmpty();
        assertThat(docker("images", "-q", "--filter", "until=2000-01-01T00:00:00Z").out()).isEmpty();
        assertThat(docker("images", "-q", "--filter", "until=4102444800").out().lines()).hasSize(2);
        assertThat(docker("images", "-q", "--filter", "before=jocker-fixture/child:1").out().lines())
                .allMatch(id -> !id.equals(expectedIdShort("jocker-fixture/child:1")));
        Processes.Result bad = docker("images", "--filter", "bogus=1");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("invalid filter 'bogus'");
    }

    @Test
    void vfsDriver_loadsSavesAndRemoves() throws Exception {
        daemon.close();
        daemon = new TestDaemon(dir.resolve("vfs"), "vfs");
        Processes.Result load = docker("load", "-i", fixture("busybox-docker20.tar").toString());
        assertThat(load.exit()).as(load.err()).isZero();
        assertThat(docker("info", "--format", "{{.Driver}}").out().trim()).isEqualTo("vfs");
        assertThat(docker("image", "inspect", "--format", "{{.Id}}", "jocker-fixture/child:1").out().trim())
                .isEqualTo(expectedId("jocker-fixture/child:1"));
        assertThat(docker("rmi", "jocker-fixture/child:1", "jocker-fixture/busybox:1").exit()).isZero();
        try (Stream<Path> left = Files.list(dir.resolve("vfs/data/vfs/snapshots"))) {
            assertThat(left.count()).isZero();
        }
    }

    @Test
    void loadOfGarbage_failsCleanly_andStoresNothing() throws Exception {
        Path garbage = dir.resolve("garbage.tar");
        Files.writeString(garbage, "this is not an image archive");
        Processes.Result load = docker("load", "-i", garbage.toString());
        assertThat(load.exit()).isEqualTo(1);
        assertThat(docker("images", "-q").out()).isEmpty();
        assertThat(countSnapshots()).isZero();
    }

    @Test
    void hostileLayer_isRefused_touchesNothingOutside_andStoresNothing() throws Exception {
        Path archive = dir.resolve("hostile.tar");
        ImageArchives.writeWithEntry(archive, "evil:1", "../../../../../../tmp/jocker-escape-" + dir.getFileName());
        Processes.Result load = docker("load", "-i", archive.toString());
        assertThat(load.exit()).isEqualTo(1);
        assertThat(load.err()).contains("invalid entry name");
        assertThat(Path.of("/tmp/jocker-escape-" + dir.getFileName())).doesNotExist();
        assertThat(docker("images", "-q").out()).isEmpty();
        assertThat(countSnapshots()).isZero();
        try (Stream<Path> blobs = Files.list(dir.resolve("data/content/blobs/sha256"))) {
            assertThat(blobs.count()).as("the failed load's blobs are collected").isZero();
        }
    }

    @Test
    void systemCheck_findsACorruptBlob_andRepairRemovesTheDamagedImages() throws Exception {
        assertThat(docker("load", "-i", fixture("busybox-only.tar").toString()).exit()).isZero();
        List<String> jocker = List.of("./jocker", "-H", daemon.host(), "system", "check");
        assertThat(Processes.run(Map.of(), jocker).out()).isEqualTo("No problems found.\n");

        Path blobs = dir.resolve("data/content/blobs/sha256");
        Path victim;
        try (Stream<Path> all = Files.list(blobs)) {
            victim = all.filter(p -> p.toFile().length() > 1000).findFirst().orElseThrow();
        }
        victim.toFile().setWritable(true);
        Files.writeString(victim, "damage", java.nio.file.StandardOpenOption.APPEND);

        Processes.Result found = Processes.run(Map.of(), jocker);
        assertThat(found.exit()).isEqualTo(1);
        assertThat(found.out()).contains("problem: blob sha256:" + victim.getFileName() + " is corrupt");
        List<String> repair = new ArrayList<>(jocker);
        repair.add("--repair");
        assertThat(Processes.run(Map.of(), repair).out()).contains("repaired: removed image ");
        assertThat(Processes.run(Map.of(), jocker).out()).isEqualTo("No problems found.\n");
        assertThat(docker("images", "-q").out()).isEmpty();
    }

    private long countSnapshots() throws Exception {
        Path snapshots = dir.resolve("data/overlay2/snapshots");
        if (!Files.isDirectory(snapshots)) {
            return 0;
        }
        try (Stream<Path> entries = Files.list(snapshots)) {
            return entries.count();
        }
    }
}
