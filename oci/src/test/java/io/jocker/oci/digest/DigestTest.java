package io.jocker.oci.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jocker.common.error.EngineException;
import io.jocker.oci.json.OciJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DigestTest {
    private static final String EMPTY = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    record Holder(Digest digest, List<Digest> all) {}

    @Test
    void sha256Of_emptyInput_isTheWellKnownDigest() {
        assertThat(Digest.sha256Of(new byte[0]).toString()).isEqualTo(EMPTY);
    }

    @Test
    void json_digest_isWrittenAsItsString() {
        Holder h = new Holder(Digest.parse(EMPTY), List.of(Digest.parse(EMPTY)));

        assertThat(new String(OciJson.write(h), StandardCharsets.UTF_8))
                .isEqualTo("{\"digest\":\"" + EMPTY + "\",\"all\":[\"" + EMPTY + "\"]}");
    }

    @Test
    void json_string_isReadAsDigest() {
        Holder h = OciJson.read(("{\"digest\":\"" + EMPTY + "\",\"all\":[]}").getBytes(StandardCharsets.UTF_8),
                Holder.class, "holder");

        assertThat(h.digest()).isEqualTo(Digest.parse(EMPTY));
    }

    @Test
    void json_badDigest_isInvalidArgumentWithDigestWording() {
        assertThatThrownBy(() -> OciJson.read("{\"digest\":\"md5:00\"}".getBytes(StandardCharsets.UTF_8),
                        Holder.class, "holder"))
                .isInstanceOf(EngineException.class)
                .hasMessage("invalid holder: unsupported digest algorithm: md5");
    }
}
