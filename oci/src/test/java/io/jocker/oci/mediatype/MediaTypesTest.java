package io.jocker.oci.mediatype;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jocker.common.error.EngineException;
import io.jocker.common.error.ErrorKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MediaTypesTest {
    @Test
    void constants_haveTheSpecsSpelling() {
        assertThat(MediaTypes.OCI_MANIFEST).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        assertThat(MediaTypes.OCI_INDEX).isEqualTo("application/vnd.oci.image.index.v1+json");
        assertThat(MediaTypes.OCI_CONFIG).isEqualTo("application/vnd.oci.image.config.v1+json");
        assertThat(MediaTypes.OCI_LAYER_GZIP).isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip");
        assertThat(MediaTypes.OCI_LAYER_ZSTD).isEqualTo("application/vnd.oci.image.layer.v1.tar+zstd");
        assertThat(MediaTypes.OCI_LAYER_NONDISTRIBUTABLE_GZIP)
                .isEqualTo("application/vnd.oci.image.layer.nondistributable.v1.tar+gzip");
        assertThat(MediaTypes.DOCKER_MANIFEST).isEqualTo("application/vnd.docker.distribution.manifest.v2+json");
        assertThat(MediaTypes.DOCKER_MANIFEST_LIST)
                .isEqualTo("application/vnd.docker.distribution.manifest.list.v2+json");
        assertThat(MediaTypes.DOCKER_CONFIG).isEqualTo("application/vnd.docker.container.image.v1+json");
        assertThat(MediaTypes.DOCKER_LAYER_GZIP).isEqualTo("application/vnd.docker.image.rootfs.diff.tar.gzip");
        assertThat(MediaTypes.DOCKER_FOREIGN_LAYER_GZIP)
                .isEqualTo("application/vnd.docker.image.rootfs.foreign.diff.tar.gzip");
    }

    @Test
    void isManifest_ociAndDockerManifests_isTrue() {
        assertThat(MediaTypes.isManifest(MediaTypes.OCI_MANIFEST)).isTrue();
        assertThat(MediaTypes.isManifest(MediaTypes.DOCKER_MANIFEST)).isTrue();
        assertThat(MediaTypes.isManifest(MediaTypes.OCI_INDEX)).isFalse();
        assertThat(MediaTypes.isManifest(MediaTypes.DOCKER_SCHEMA1_SIGNED_MANIFEST)).isFalse();
    }

    @Test
    void isIndex_ociIndexAndManifestList_isTrue() {
        assertThat(MediaTypes.isIndex(MediaTypes.OCI_INDEX)).isTrue();
        assertThat(MediaTypes.isIndex(MediaTypes.DOCKER_MANIFEST_LIST)).isTrue();
        assertThat(MediaTypes.isIndex(MediaTypes.DOCKER_MANIFEST)).isFalse();
    }

    @Test
    void isConfig_ociAndDockerConfigs_isTrue() {
        assertThat(MediaTypes.isConfig(MediaTypes.OCI_CONFIG)).isTrue();
        assertThat(MediaTypes.isConfig(MediaTypes.DOCKER_CONFIG)).isTrue();
        assertThat(MediaTypes.isConfig(MediaTypes.OCI_LAYER)).isFalse();
    }

    @Test
    void isSchema1_signedAndUnsigned_isTrue() {
        assertThat(MediaTypes.isSchema1(MediaTypes.DOCKER_SCHEMA1_MANIFEST)).isTrue();
        assertThat(MediaTypes.isSchema1(MediaTypes.DOCKER_SCHEMA1_SIGNED_MANIFEST)).isTrue();
        assertThat(MediaTypes.isSchema1(MediaTypes.DOCKER_MANIFEST)).isFalse();
    }

    @Test
    void isManifest_withParametersAndCase_looksAtTheTypeAlone() {
        assertThat(MediaTypes.isManifest(MediaTypes.DOCKER_MANIFEST + "; charset=utf-8")).isTrue();
        assertThat(MediaTypes.isIndex(" Application/VND.oci.image.index.v1+json ")).isTrue();
        assertThat(MediaTypes.base("a/b ; q=1")).isEqualTo("a/b");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        MediaTypes.OCI_LAYER, MediaTypes.OCI_LAYER_GZIP, MediaTypes.OCI_LAYER_ZSTD,
        MediaTypes.OCI_LAYER_NONDISTRIBUTABLE, MediaTypes.OCI_LAYER_NONDISTRIBUTABLE_GZIP,
        MediaTypes.OCI_LAYER_NONDISTRIBUTABLE_ZSTD, MediaTypes.DOCKER_LAYER, MediaTypes.DOCKER_LAYER_GZIP,
        MediaTypes.DOCKER_LAYER_ZSTD, MediaTypes.DOCKER_FOREIGN_LAYER, MediaTypes.DOCKER_FOREIGN_LAYER_GZIP,
        "application/vnd.oci.image.layer.v1.tar+gzip+encrypted",
        "application/vnd.docker.image.rootfs.diff.tar.gzip+encrypted",
    })
    void isLayer_layerTypes_isTrue(String mediaType) {
        assertThat(MediaTypes.isLayer(mediaType)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        MediaTypes.OCI_CONFIG, MediaTypes.OCI_MANIFEST, MediaTypes.DOCKER_CONFIG, MediaTypes.OCI_EMPTY_JSON,
        "application/octet-stream", "application/vnd.docker.image.rootfs.diff.tar.bz2",
    })
    void isLayer_otherTypes_isFalse(String mediaType) {
        assertThat(MediaTypes.isLayer(mediaType)).isFalse();
    }

    @Test
    void isNonDistributable_foreignAndNondistributable_isTrue() {
        assertThat(MediaTypes.isNonDistributable(MediaTypes.DOCKER_FOREIGN_LAYER_GZIP)).isTrue();
        assertThat(MediaTypes.isNonDistributable(MediaTypes.OCI_LAYER_NONDISTRIBUTABLE_ZSTD)).isTrue();
        assertThat(MediaTypes.isNonDistributable(MediaTypes.DOCKER_LAYER_GZIP)).isFalse();
        assertThat(MediaTypes.isNonDistributable(MediaTypes.OCI_LAYER)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
        MediaTypes.OCI_LAYER + ", NONE",
        MediaTypes.OCI_LAYER_GZIP + ", GZIP",
        MediaTypes.OCI_LAYER_ZSTD + ", ZSTD",
        MediaTypes.OCI_LAYER_NONDISTRIBUTABLE + ", NONE",
        MediaTypes.OCI_LAYER_NONDISTRIBUTABLE_GZIP + ", GZIP",
        MediaTypes.OCI_LAYER_NONDISTRIBUTABLE_ZSTD + ", ZSTD",
        MediaTypes.DOCKER_LAYER + ", NONE",
        MediaTypes.DOCKER_LAYER_GZIP + ", GZIP",
        MediaTypes.DOCKER_LAYER_ZSTD + ", ZSTD",
        MediaTypes.DOCKER_FOREIGN_LAYER + ", NONE",
        MediaTypes.DOCKER_FOREIGN_LAYER_GZIP + ", GZIP",
    })
    void compressionOf_layerType_isDeclaredCompression(String mediaType, Compression expected) {
        assertThat(MediaTypes.compressionOf(mediaType)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "application/vnd.oci.image.layer.v1.tar+gzip+encrypted",
        "application/vnd.oci.image.layer.v1.tar+bzip2",
        "application/vnd.docker.image.rootfs.diff.tar.gzip+encrypted",
        "application/vnd.oci.image.layer.v2.tar",
    })
    void compressionOf_unsupportedLayer_isNotImplemented(String mediaType) {
        assertThatThrownBy(() -> MediaTypes.compressionOf(mediaType))
                .isInstanceOf(EngineException.class)
                .satisfies(e -> assertThat(((EngineException) e).kind()).isEqualTo(ErrorKind.NOT_IMPLEMENTED))
                .hasMessageContaining(mediaType);
    }

    @Test
    void compressionOf_notALayer_isInvalidArgument() {
        assertThatThrownBy(() -> MediaTypes.compressionOf(MediaTypes.OCI_CONFIG))
                .isInstanceOf(EngineException.class)
                .satisfies(e -> assertThat(((EngineException) e).kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessage("unrecognised layer media type " + MediaTypes.OCI_CONFIG);
    }

    @Test
    void detect_magicNumbers_identifyCompression() {
        assertThat(Compression.detect(new byte[] {0x1f, (byte) 0x8b, 8, 0})).isEqualTo(Compression.GZIP);
        assertThat(Compression.detect(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0})).isEqualTo(Compression.ZSTD);
        assertThat(Compression.detect("etc/passwd".getBytes())).isEqualTo(Compression.NONE);
        assertThat(Compression.detect(new byte[] {0x1f})).isEqualTo(Compression.NONE);
        assertThat(Compression.detect(new byte[0])).isEqualTo(Compression.NONE);
    }

    @Test
    void layerMediaType_eachCompression_roundTripsThroughCompressionOf() {
        for (Compression c : Compression.values()) {
            assertThat(MediaTypes.compressionOf(c.ociLayerMediaType())).isEqualTo(c);
            assertThat(MediaTypes.compressionOf(c.dockerLayerMediaType())).isEqualTo(c);
        }
    }
}
