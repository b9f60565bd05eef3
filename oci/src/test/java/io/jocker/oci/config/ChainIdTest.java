package io.jocker.oci.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jocker.common.error.EngineException;
import io.jocker.oci.digest.Digest;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainIdTest {
    private static final Digest A = Digest.parse("sha256:" + "a".repeat(64));
    private static final Digest B = Digest.parse("sha256:" + "b".repeat(64));
    private static final Digest C = Digest.parse("sha256:" + "c".repeat(64));
    // Computed with coreutils: printf '%s %s' "$A" "$B" | sha256sum, and so on.
    private static final Digest AB =
            Digest.parse("sha256:ccd722928bd92476ba1745586fed6e45a102504185ad88cd89e01ff116fd146c");
    private static final Digest ABC =
            Digest.parse("sha256:c1377126441fb2f5ec2c21ae2a60255331d639e830f0ee1b40a36e52d4c40588");

    @Test
    void of_oneLayer_isItsDiffId() {
        assertThat(ChainId.of(List.of(A))).isEqualTo(A);
    }

    @Test
    void of_twoLayers_hashesParentSpaceDiffId() {
        assertThat(ChainId.of(List.of(A, B))).isEqualTo(AB);
    }

    @Test
    void of_threeLayers_chainsThroughTheParentsChainId() {
        assertThat(ChainId.of(List.of(A, B, C))).isEqualTo(ABC);
    }

    @Test
    void all_threeLayers_returnsEveryPrefix() {
        assertThat(ChainId.all(List.of(A, B, C))).containsExactly(A, AB, ABC);
    }

    @Test
    void all_noLayers_isEmpty() {
        assertThat(ChainId.all(List.of())).isEmpty();
    }

    @Test
    void of_noLayers_isInvalid() {
        assertThatThrownBy(() -> ChainId.of(List.of())).isInstanceOf(EngineException.class);
    }
}
