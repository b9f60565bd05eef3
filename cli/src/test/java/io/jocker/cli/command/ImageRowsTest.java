package io.jocker.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jocker.api.client.JsonTrees;
import io.jocker.cli.format.Formatter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code jocker images} output, golden against docker/cli formatter/image.go for the same summaries. */
class ImageRowsTest {
    private static final Instant NOW = Instant.parse("2026-05-10T12:00:00Z");
    private static final String DIGEST = "sha256:cbbf2f9a99b47fc460d422812b6a5adff7dfee951d8fa2e4a98caa0382cfbdbf";
    private static final String ID1 = "sha256:d681824f9cdd2e1a4b1c5c0cd4b0c7a05f6e0c7b8f3a1b2c3d4e5f60718293a4";
    private static final String ID2 = "sha256:6d1c0a8b7e2f3a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3";
    private static final String ID3 = "sha256:0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c";

    /** A tagged image with a digest, one without a creation time, one dangling (API ≥ 1.43 shape). */
    private static final JsonNode SUMMARIES = JsonTrees.read(("""
            [{"Containers":-1,"Created":%d,"Id":"%s","ParentId":"","RepoDigests":["docker.io/library/image@%s"],
              "RepoTags":["docker.io/library/image:tag1","image:tag2"],"SharedSize":-1,"Size":4261024},
             {"Containers":2,"Created":-62135596800,"Id":"%s","RepoDigests":[],"RepoTags":["u/app:1"],
              "SharedSize":1000,"Size":1985480},
             {"Containers":-1,"Created":%d,"Id":"%s","RepoDigests":[],"RepoTags":[],"SharedSize":-1,"Size":999999}]
            """).formatted(NOW.getEpochSecond() - 3600, ID1, DIGEST, ID2, NOW.getEpochSecond() - 2 * 86400, ID3));

    private static String render(String source, boolean quiet, boolean digests, boolean truncate) {
        String format = ImageRows.format(source, quiet, digests);
        List<JsonNode> rows = ImageRows.rows(SUMMARIES, truncate, digests, format, NOW, ZoneOffset.UTC);
        return Formatter.render(format, rows, ImageRows.HEADERS, path -> "*formatter.imageContext");
    }

    @Test
    void defaultTable_oneRowPerTag_humanTimesAndSizes_noneForDangling() {
        assertThat(render("table", false, false, true)).isEqualTo("""
                REPOSITORY   TAG       IMAGE ID       CREATED             SIZE
                image        tag1      d681824f9cdd   About an hour ago   4.26MB
                image        tag2      d681824f9cdd   About an hour ago   4.26MB
                u/app        1         6d1c0a8b7e2f   N/A                 1.99MB
                <none>       <none>    0b1c2d3e4f5a   2 days ago          1e+03kB
                """);
    }

    @Test
    void digests_addADigestColumn_andADigestPerTag() {
        assertThat(render("table", false, true, true)).isEqualTo("""
                REPOSITORY   TAG       DIGEST                                                                    \
                IMAGE ID       CREATED             SIZE
                image        tag1      %1$s   d681824f9cdd   About an hour ago   4.26MB
                image        tag2      %1$s   d681824f9cdd   About an hour ago   4.26MB
                u/app        1         <none>                                                                    \
                6d1c0a8b7e2f   N/A                 1.99MB
                <none>       <none>    <none>                                                                    \
                0b1c2d3e4f5a   2 days ago          1e+03kB
                """.formatted(DIGEST));
    }

    @Test
    void noTrunc_showsFullIds() {
        assertThat(render("table {{.ID}}", false, false, false)).isEqualTo("IMAGE ID\n" + ID1 + "\n" + ID1 + "\n"
                + ID2 + "\n" + ID3 + "\n");
    }

    @Test
    void quiet_isOneIdPerRowWithoutHeader() {
        assertThat(render("table", true, false, true))
                .isEqualTo("d681824f9cdd\nd681824f9cdd\n6d1c0a8b7e2f\n0b1c2d3e4f5a\n");
    }

    @Test
    void customTableWithDigestsFlag_getsTheDigestAppended() {
        assertThat(render("table {{.Repository}}", false, true, true)).isEqualTo("""
                REPOSITORY   DIGEST
                image        %s
                image        %1$s
                u/app        <none>
                <none>       <none>
                """.formatted(DIGEST));
    }

    @Test
    void digestInTheFormat_withoutTheFlag_stillPairsTagsWithDigests() {
        assertThat(render("{{.Tag}} {{.Digest}}", false, false, true))
                .isEqualTo("tag1 " + DIGEST + "\ntag2 " + DIGEST + "\n1 <none>\n<none> <none>\n");
    }

    @Test
    void json_marshalsEveryFieldSortedWithGosHtmlEscaping() {
        String json = render("json", false, false, true).lines().toList().get(2);
        assertThat(json).isEqualTo("{\"Containers\":\"2\",\"CreatedAt\":\"0001-01-01 00:00:00 +0000 UTC\","
                + "\"CreatedSince\":\"\",\"Digest\":\"\\u003cnone\\u003e\",\"ID\":\"6d1c0a8b7e2f\","
                + "\"Repository\":\"u/app\",\"SharedSize\":\"1kB\",\"Size\":\"1.99MB\",\"Tag\":\"1\","
                + "\"UniqueSize\":\"1.984MB\",\"VirtualSize\":\"1.985MB\"}");
        assertThat(render("{{json .Digest}}", false, false, true).lines().toList().get(2)).isEqualTo("\"<none>\"");
    }

    @Test
    void raw_isDockersKeyValueBlocks() {
        assertThat(render("raw", false, false, true)).startsWith("""
                repository: image
                tag: tag1
                image_id: d681824f9cdd
                created_at: 2026-05-10 11:00:00 +0000 UTC
                virtual_size: 4.26MB

                repository: image
                """);
    }

    @Test
    void digestOnlyImage_showsItsRepositoryWithTagNone() {
        JsonNode summaries = JsonTrees.read("[{\"Id\":\"" + ID1 + "\",\"Created\":0,\"Size\":0,"
                + "\"RepoTags\":[],\"RepoDigests\":[\"busybox@" + DIGEST + "\"]}]");
        String format = ImageRows.format("{{.Repository}}|{{.Tag}}|{{.Digest}}", false, false);
        assertThat(Formatter.render(format, ImageRows.rows(summaries, true, false, format, NOW, ZoneOffset.UTC),
                ImageRows.HEADERS, path -> "x")).isEqualTo("busybox|<none>|\n");
        String withDigests = ImageRows.format("{{.Repository}}|{{.Tag}}|{{.Digest}}", false, true);
        assertThat(Formatter.render(withDigests, ImageRows.rows(summaries, true, true, withDigests, NOW,
                ZoneOffset.UTC), ImageRows.HEADERS, path -> "x")).isEqualTo("busybox|<none>|" + DIGEST + "\n");
    }

    @Test
    void createdAt_isGosTimeString() {
        java.time.ZonedDateTime time = Instant.parse("2026-01-02T15:04:05Z").atZone(ZoneOffset.UTC);
        assertThat(ImageRows.goTimeString(time)).isEqualTo("2026-01-02 15:04:05 +0000 UTC");
        assertThat(ImageRows.goTimeString(time.withZoneSameInstant(java.time.ZoneId.of("Etc/UTC"))))
                .isEqualTo("2026-01-02 15:04:05 +0000 UTC");
        assertThat(ImageRows.goTimeString(time.withZoneSameInstant(java.time.ZoneId.of("Europe/Berlin"))))
                .isEqualTo("2026-01-02 16:04:05 +0100 CET");
        assertThat(ImageRows.goTimeString(time.withZoneSameInstant(ZoneOffset.ofHours(3))))
                .isEqualTo("2026-01-02 18:04:05 +0300 +0300");
    }

    @Test
    void olderEnginesNoneTags_countAsDangling() {
        JsonNode image = JsonTrees.read("{\"RepoTags\":[\"<none>:<none>\"],\"RepoDigests\":[\"<none>@<none>\"]}");
        assertThat(ImageRows.isDangling(image)).isTrue();
        assertThat(ImageRows.isDangling(JsonTrees.read("{\"RepoTags\":null,\"RepoDigests\":null}"))).isTrue();
        assertThat(ImageRows.isDangling(JsonTrees.read("{\"RepoTags\":[\"a:1\"]}"))).isFalse();
    }
}
