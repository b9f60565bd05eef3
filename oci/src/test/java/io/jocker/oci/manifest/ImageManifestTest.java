package io.jocker.oci.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jocker.common.error.EngineException;
import io.jocker.common.error.ErrorKind;
import io.jocker.oci.digest.Digest;
import io.jocker.oci.mediatype.MediaTypes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageManifestTest {
    private static final String CONFIG = "sha256:" + "c".repeat(64);
    private static final String LAYER1 = "sha256:" + "1".repeat(64);
    private static final String LAYER2 = "sha256:" + "2".repeat(64);

    private static final String DOCKER_MANIFEST = """
            {
               "schemaVersion": 2,
               "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
               "config": {
                  "mediaType": "application/vnd.docker.container.image.v1+json",
                  "size": 1457,
                  "digest": "%s"
               },
               "layers": [
                  {
                     "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
                     "size": 2152262,
                     "digest": "%s"
                  },
                  {
                     "mediaType": "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
                     "size": 1,
                     "digest": "%s",
                     "urls": ["https://example.com/layer"]
                  }
               ]
            }""".formatted(CONFIG, LAYER1, LAYER2);

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void assertInvalid(String json, String message) {
        assertThatThrownBy(() -> ImageManifest.parse(bytes(json)))
                .isInstanceOf(EngineException.class)
                .satisfies(e -> assertThat(((EngineException) e).kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessageContaining(message);
    }

    @Test
    void parse_dockerSchema2_readsConfigAndLayersInOrder() {
        ImageManifest m = ImageManifest.parse(bytes(DOCKER_MANIFEST));

        assertThat(m.schemaVersion()).isEqualTo(2);
        assertThat(m.isDocker()).isTrue();
        assertThat(m.config()).isEqualTo(Descriptor.of(MediaTypes.DOCKER_CONFIG, Digest.parse(CONFIG), 1457));
        assertThat(m.layers()).extracting(Descriptor::digest)
                .containsExactly(Digest.parse(LAYER1), Digest.parse(LAYER2));
        assertThat(m.layers().get(0).size()).isEqualTo(2152262);
        assertThat(m.layers().get(1).urls()).containsExactly("https://example.com/layer");
        assertThat(m.layers().get(0).platform()).isNull();
        assertThat(m.annotations()).isEmpty();
        assertThat(m.subject()).isNull();
    }

    @Test
    void parse_ociManifestWithExtras_keepsAnnotationsSubjectAndIgnoresUnknownFields() {
        String json = """
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
                 "artifactType":"application/vnd.example+type",
                 "config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":"%s","size":2,
                           "data":"e30=","future":{"x":1}},
                 "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+zstd","digest":"%s",
                            "size":10,"annotations":{"k":"v"}}],
                 "subject":{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":7},
                 "annotations":{"org.opencontainers.image.created":"2024-01-01T00:00:00Z"},
                 "somethingNew":[1,2,3]}""".formatted(CONFIG, LAYER1, LAYER2);

        ImageManifest m = ImageManifest.parse(bytes(json));

        assertThat(m.isDocker()).isFalse();
        assertThat(m.artifactType()).isEqualTo("application/vnd.example+type");
        assertThat(m.config().mediaType()).isEqualTo(MediaTypes.OCI_EMPTY_JSON);
        assertThat(m.layers().get(0).annotations()).containsEntry("k", "v");
        assertThat(m.subject().digest()).isEqualTo(Digest.parse(LAYER2));
        assertThat(m.annotations()).containsEntry("org.opencontainers.image.created", "2024-01-01T00:00:00Z");
    }

    @Test
    void parse_noMediaType_isAccepted() {
        String json = "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"%s\",\"digest\":\"%s\",\"size\":1},\"layers\":[]}"
                .formatted(MediaTypes.OCI_CONFIG, CONFIG);

        assertThat(ImageManifest.parse(bytes(json)).mediaType()).isEmpty();
    }

    @Test
    void parse_keysInOtherCase_areMatchedAsGoDoes() {
        String json = "{\"SchemaVersion\":2,\"Config\":{\"MediaType\":\"%s\",\"Digest\":\"%s\",\"Size\":1}}"
                .formatted(MediaTypes.OCI_CONFIG, CONFIG);

        ImageManifest m = ImageManifest.parse(bytes(json));

        assertThat(m.config().digest()).isEqualTo(Digest.parse(CONFIG));
        assertThat(m.layers()).isEmpty();
    }

    @Test
    void parse_schema1_isRefused() {
        assertInvalid("{\"schemaVersion\":1,\"name\":\"x\",\"tag\":\"y\",\"fsLayers\":[]}",
                "unsupported image manifest schema version 1");
    }

    @Test
    void parse_missingSchemaVersion_isRefused() {
        assertInvalid("{\"config\":{\"mediaType\":\"a\",\"digest\":\"%s\",\"size\":1}}".formatted(CONFIG),
                "unsupported image manifest schema version 0");
    }

    @Test
    void parse_indexServedAsManifest_isRefused() {
        assertInvalid("{\"schemaVersion\":2,\"manifests\":[]}", "expected an image manifest but found an index");
    }

    @Test
    void parse_indexMediaType_isRefused() {
        assertInvalid("{\"schemaVersion\":2,\"mediaType\":\"%s\",\"config\":{\"mediaType\":\"a\",\"digest\":\"%s\",\"size\":1}}"
                .formatted(MediaTypes.OCI_INDEX, CONFIG),
                "expected an image manifest but found media type " + MediaTypes.OCI_INDEX);
    }

    @Test
    void parse_noConfig_isRefused() {
        assertInvalid("{\"schemaVersion\":2,\"layers\":[]}", "invalid image manifest: no config");
    }

    @Test
    void parse_descriptorWithoutDigest_isRefused() {
        assertInvalid("{\"schemaVersion\":2,\"config\":{\"mediaType\":\"a\",\"size\":1}}",
                "invalid image manifest: descriptor has no digest");
    }

    @Test
    void parse_badDigest_isRefused() {
        assertInvalid("{\"schemaVersion\":2,\"config\":{\"mediaType\":\"a\",\"digest\":\"sha256:xyz\",\"size\":1}}",
                "invalid image manifest: invalid checksum digest format");
    }

    @Test
    void parse_negativeSize_isRefused() {
        assertInvalid("{\"schemaVersion\":2,\"config\":{\"mediaType\":\"a\",\"digest\":\"%s\",\"size\":-1}}"
                .formatted(CONFIG), "negative size");
    }

    @Test
    void parse_notJson_isRefused() {
        assertInvalid("not json", "invalid image manifest");
        assertInvalid("[]", "invalid image manifest: not a JSON object");
        assertInvalid(DOCKER_MANIFEST + " {}", "invalid image manifest");
    }

    @Test
    void toJson_ociManifest_isCompactWithSpecOrderAndOmitsEmptyFields() {
        ImageManifest m = ImageManifest.oci(
                Descriptor.of(MediaTypes.OCI_CONFIG, Digest.parse(CONFIG), 3),
                List.of(Descriptor.of(MediaTypes.OCI_LAYER_GZIP, Digest.parse(LAYER1), 5)));

        assertThat(new String(m.toJson(), StandardCharsets.UTF_8)).isEqualTo(
                "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                        + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + CONFIG
                        + "\",\"size\":3},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
                        + "\"digest\":\"" + LAYER1 + "\",\"size\":5}]}");
    }

    @Test
    void toJson_noLayersAndZeroSize_keepsRequiredFields() {
        ImageManifest m = ImageManifest.docker(Descriptor.of(MediaTypes.DOCKER_CONFIG, Digest.parse(CONFIG), 0), List.of());

        assertThat(new String(m.toJson(), StandardCharsets.UTF_8))
                .contains("\"size\":0")
                .endsWith("\"layers\":[]}");
    }

    @Test
    void toJson_annotations_areSortedByKey() {
        Descriptor d = Descriptor.of(MediaTypes.OCI_CONFIG, Digest.parse(CONFIG), 1)
                .withAnnotations(Map.of("z", "1", "a", "2", "m", "3"));

        assertThat(new String(io.jocker.oci.json.OciJson.write(d), StandardCharsets.UTF_8))
                .contains("\"annotations\":{\"a\":\"2\",\"m\":\"3\",\"z\":\"1\"}");
    }

    @Test
    void toJson_parse_roundTrips() {
        ImageManifest m = ImageManifest.parse(bytes(DOCKER_MANIFEST));

        assertThat(ImageManifest.parse(m.toJson())).isEqualTo(m);
    }

    @Test
    void layers_returned_areImmutable() {
        ImageManifest m = ImageManifest.parse(bytes(DOCKER_MANIFEST));

        assertThatThrownBy(() -> m.layers().clear()).isInstanceOf(UnsupportedOperationException.class);
    }
}
