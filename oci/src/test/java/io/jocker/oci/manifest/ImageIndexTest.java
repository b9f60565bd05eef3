package io.jocker.oci.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jocker.common.error.EngineException;
import io.jocker.oci.digest.Digest;
import io.jocker.oci.mediatype.MediaTypes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageIndexTest {
    private static String digest(char c) {
        return "sha256:" + String.valueOf(c).repeat(64);
    }

    private static final String MANIFEST_LIST = """
            {
              "manifests": [
                {"digest": "%s", "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
                 "platform": {"architecture": "amd64", "os": "linux"}, "size": 528},
                {"digest": "%s", "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
                 "platform": {"architecture": "arm", "os": "linux", "variant": "v6"}, "size": 528},
                {"digest": "%s", "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
                 "platform": {"architecture": "arm", "os": "linux", "variant": "v7"}, "size": 528},
                {"digest": "%s", "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
                 "platform": {"architecture": "arm64", "os": "linux", "variant": "v8"}, "size": 528},
                {"digest": "%s", "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
                 "platform": {"architecture": "amd64", "os": "windows", "os.version": "10.0.17763.5696",
                              "os.features": ["win32k"]}, "size": 1125}
              ],
              "mediaType": "application/vnd.docker.distribution.manifest.list.v2+json",
              "schemaVersion": 2
            }""".formatted(digest('1'), digest('2'), digest('3'), digest('4'), digest('5'));

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void parse_dockerManifestList_readsPlatforms() {
        ImageIndex index = ImageIndex.parse(bytes(MANIFEST_LIST));

        assertThat(index.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST_LIST);
        assertThat(index.manifests()).hasSize(5);
        assertThat(index.manifests().get(1).platform()).isEqualTo(Platform.of("linux", "arm", "v6"));
        Platform windows = index.manifests().get(4).platform();
        assertThat(windows.osVersion()).isEqualTo("10.0.17763.5696");
        assertThat(windows.osFeatures()).containsExactly("win32k");
    }

    @Test
    void bestMatch_hostPlatforms_selectTheirManifest() {
        ImageIndex index = ImageIndex.parse(bytes(MANIFEST_LIST));

        assertThat(index.bestMatch(Platform.parse("linux/amd64")).orElseThrow().digest()).isEqualTo(Digest.parse(digest('1')));
        assertThat(index.bestMatch(Platform.parse("linux/arm64")).orElseThrow().digest()).isEqualTo(Digest.parse(digest('4')));
        assertThat(index.bestMatch(Platform.parse("linux/arm/v7")).orElseThrow().digest()).isEqualTo(Digest.parse(digest('3')));
        assertThat(index.bestMatch(Platform.parse("linux/arm/v6")).orElseThrow().digest()).isEqualTo(Digest.parse(digest('2')));
        assertThat(index.bestMatch(Platform.parse("windows(10.0.17763.1)/amd64")).orElseThrow().digest())
                .isEqualTo(Digest.parse(digest('5')));
        assertThat(index.bestMatch(Platform.parse("linux/ppc64le"))).isEmpty();
    }

    @Test
    void parse_ociIndexWithoutMediaType_isAccepted() {
        String json = "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"%s\",\"digest\":\"%s\",\"size\":1,"
                + "\"annotations\":{\"org.opencontainers.image.ref.name\":\"latest\"}}]}";

        ImageIndex index = ImageIndex.parse(bytes(json.formatted(MediaTypes.OCI_MANIFEST, digest('a'))));

        assertThat(index.mediaType()).isEmpty();
        assertThat(index.manifests().get(0).annotations()).containsEntry(Descriptor.ANNOTATION_REF_NAME, "latest");
    }

    @Test
    void parse_manifestServedAsIndex_isRefused() {
        assertThatThrownBy(() -> ImageIndex.parse(bytes("{\"schemaVersion\":2,\"layers\":[],\"manifests\":[]}")))
                .isInstanceOf(EngineException.class)
                .hasMessage("expected an image index but found a manifest");
    }

    @Test
    void parse_manifestMediaType_isRefused() {
        String json = "{\"schemaVersion\":2,\"mediaType\":\"%s\",\"manifests\":[]}".formatted(MediaTypes.OCI_MANIFEST);

        assertThatThrownBy(() -> ImageIndex.parse(bytes(json)))
                .hasMessage("expected an image index but found media type " + MediaTypes.OCI_MANIFEST);
    }

    @Test
    void parse_wrongSchemaVersion_isRefused() {
        assertThatThrownBy(() -> ImageIndex.parse(bytes("{\"schemaVersion\":3,\"manifests\":[]}")))
                .hasMessage("unsupported image index schema version 3");
    }

    @Test
    void toJson_ociIndex_writesPlatformsWithSpecNames() {
        ImageIndex index = ImageIndex.oci(List.of(
                Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.parse(digest('1')), 10)
                        .withPlatform(Platform.of("linux", "arm64", "v8"))));

        assertThat(new String(index.toJson(), StandardCharsets.UTF_8)).isEqualTo(
                "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[{"
                        + "\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + digest('1')
                        + "\",\"size\":10,\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\"}}]}");
    }

    @Test
    void toJson_emptyIndex_keepsManifestsList() {
        assertThat(new String(ImageIndex.docker(List.of()).toJson(), StandardCharsets.UTF_8)).isEqualTo(
                "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.list.v2+json\","
                        + "\"manifests\":[]}");
    }

    @Test
    void toJson_parse_roundTrips() {
        ImageIndex index = ImageIndex.parse(bytes(MANIFEST_LIST));

        assertThat(ImageIndex.parse(index.toJson())).isEqualTo(index);
    }
}
