package io.jocker.oci.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jocker.common.error.EngineException;
import io.jocker.common.error.ErrorKind;
import io.jocker.oci.digest.Digest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReferenceTest {
    private static final String HEX = "7cc4b5aefd1d0cadf8d97d4350462ba51c694ebca145b08d7d41b41acc8db5aa";
    private static final String DIGEST = "sha256:" + HEX;

    private static void assertInvalid(String input, String message) {
        assertThatThrownBy(() -> Reference.parse(input))
                .isInstanceOf(EngineException.class)
                .hasMessage(message)
                .satisfies(e -> assertThat(((EngineException) e).kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT));
    }

    @Test
    void parse_singleName_normalisesToOfficialLibrary() {
        Reference r = Reference.parse("busybox");

        assertThat(r.domain()).isEqualTo("docker.io");
        assertThat(r.path()).isEqualTo("library/busybox");
        assertThat(r.name()).isEqualTo("docker.io/library/busybox");
        assertThat(r.tag()).isEmpty();
        assertThat(r.digest()).isEmpty();
        assertThat(r.isNameOnly()).isTrue();
        assertThat(r.toString()).isEqualTo("docker.io/library/busybox");
        assertThat(r.familiarName()).isEqualTo("busybox");
        assertThat(r.familiarString()).isEqualTo("busybox");
    }

    @Test
    void withDefaultTag_nameOnly_addsLatest() {
        Reference r = Reference.parse("busybox").withDefaultTag();

        assertThat(r.toString()).isEqualTo("docker.io/library/busybox:latest");
        assertThat(r.tag()).contains("latest");
        assertThat(r.familiarString()).isEqualTo("busybox:latest");
    }

    @Test
    void parse_userRepository_staysInItsNamespace() {
        Reference r = Reference.parse("user/app");

        assertThat(r.toString()).isEqualTo("docker.io/user/app");
        assertThat(r.path()).isEqualTo("user/app");
        assertThat(r.familiarName()).isEqualTo("user/app");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                // input | domain | path | tag | familiar string | canonical string
                "busybox:1.36 | docker.io | library/busybox | 1.36 | busybox:1.36 | docker.io/library/busybox:1.36",
                "docker.io/busybox | docker.io | library/busybox | - | busybox | docker.io/library/busybox",
                "docker.io/library/busybox:latest | docker.io | library/busybox | latest | busybox:latest | docker.io/library/busybox:latest",
                "index.docker.io/busybox | docker.io | library/busybox | - | busybox | docker.io/library/busybox",
                "index.docker.io/user/app:v2 | docker.io | user/app | v2 | user/app:v2 | docker.io/user/app:v2",
                "library/debian | docker.io | library/debian | - | debian | docker.io/library/debian",
                "docker.io/library/a/b | docker.io | library/a/b | - | library/a/b | docker.io/library/a/b",
                "user/team/app | docker.io | user/team/app | - | user/team/app | docker.io/user/team/app",
                "127.0.0.1:5000/a/b:1 | 127.0.0.1:5000 | a/b | 1 | 127.0.0.1:5000/a/b:1 | 127.0.0.1:5000/a/b:1",
                "127.0.0.1:5000/debian | 127.0.0.1:5000 | debian | - | 127.0.0.1:5000/debian | 127.0.0.1:5000/debian",
                "localhost/x | localhost | x | - | localhost/x | localhost/x",
                "localhost:5000/x | localhost:5000 | x | - | localhost:5000/x | localhost:5000/x",
                "localhost:5000/x:y | localhost:5000 | x | y | localhost:5000/x:y | localhost:5000/x:y",
                "example.com/foo/bar:Tag_1.0-rc | example.com | foo/bar | Tag_1.0-rc | example.com/foo/bar:Tag_1.0-rc | example.com/foo/bar:Tag_1.0-rc",
                "LOCALDOMAIN/debian | LOCALDOMAIN | debian | - | LOCALDOMAIN/debian | LOCALDOMAIN/debian",
                "Docker/docker | Docker | docker | - | Docker/docker | Docker/docker",
                "[fc00::1]:5000/docker | [fc00::1]:5000 | docker | - | [fc00::1]:5000/docker | [fc00::1]:5000/docker",
                "[fc00:1:2:3:4:5:6:7]:5000/library/debian | [fc00:1:2:3:4:5:6:7]:5000 | library/debian | - | [fc00:1:2:3:4:5:6:7]:5000/library/debian | [fc00:1:2:3:4:5:6:7]:5000/library/debian",
                "xn--n3h.com/myimage:xn--n3h.com | xn--n3h.com | myimage | xn--n3h.com | xn--n3h.com/myimage:xn--n3h.com | xn--n3h.com/myimage:xn--n3h.com",
                "192.168.0.1 | docker.io | library/192.168.0.1 | - | 192.168.0.1 | docker.io/library/192.168.0.1",
                "192.168.0.1:80 | docker.io | library/192.168.0.1 | 80 | 192.168.0.1:80 | docker.io/library/192.168.0.1:80",
                "localhost:5000 | docker.io | library/localhost | 5000 | localhost:5000 | docker.io/library/localhost:5000",
                "dock__er/do-c---ker.x_y | docker.io | dock__er/do-c---ker.x_y | - | dock__er/do-c---ker.x_y | docker.io/dock__er/do-c---ker.x_y",
                "d/t | docker.io | d/t | - | d/t | docker.io/d/t",
            })
    void parse_validReference_splitsAndNormalises(
            String input, String domain, String path, String tag, String familiar, String canonical) {
        Reference r = Reference.parse(input);

        assertThat(r.domain()).isEqualTo(domain);
        assertThat(r.path()).isEqualTo(path);
        assertThat(r.tag().orElse(null)).isEqualTo(tag);
        assertThat(r.familiarString()).isEqualTo(familiar);
        assertThat(r.toString()).isEqualTo(canonical);
        assertThat(Reference.parse(r.toString())).isEqualTo(r);
    }

    @Test
    void parse_digestOnly_keepsDigestWithoutTag() {
        Reference r = Reference.parse("busybox@" + DIGEST);

        assertThat(r.tag()).isEmpty();
        assertThat(r.digest()).contains(Digest.parse(DIGEST));
        assertThat(r.toString()).isEqualTo("docker.io/library/busybox@" + DIGEST);
        assertThat(r.familiarString()).isEqualTo("busybox@" + DIGEST);
        assertThat(r.withDefaultTag()).isSameAs(r);
    }

    @Test
    void parse_tagAndDigest_keepsBoth() {
        Reference r = Reference.parse("localhost:5000/app:1.0@" + DIGEST);

        assertThat(r.tag()).contains("1.0");
        assertThat(r.digest()).contains(Digest.parse(DIGEST));
        assertThat(r.toString()).isEqualTo("localhost:5000/app:1.0@" + DIGEST);
        assertThat(r.familiarString()).isEqualTo("localhost:5000/app:1.0@" + DIGEST);
    }

    @Test
    void parse_sixtyFourHexWithDomain_isAName() {
        Reference r = Reference.parse("docker.io/" + HEX);

        assertThat(r.path()).isEqualTo("library/" + HEX);
    }

    @Test
    void parse_firstComponentNotAValidDomain_leavesDomainEmpty() {
        // "a.b_c" looks like a domain (it has a dot) but is not one; the library then reads the
        // whole name as a path, with no domain.
        Reference r = Reference.parse("a.b_c/foo");

        assertThat(r.domain()).isEmpty();
        assertThat(r.path()).isEqualTo("a.b_c/foo");
        assertThat(r.name()).isEqualTo("a.b_c/foo");
        assertThat(r.familiarName()).isEqualTo("a.b_c/foo");
    }

    @Test
    void parse_uppercaseOfficialName_reportsLowercaseWithLibraryPath() {
        assertInvalid("Busybox", "invalid reference format: repository name (library/Busybox) must be lowercase");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "docker/Docker | docker/Docker",
                "docker.io/docker/Docker:tag | docker/Docker",
                "localhost:5000/Foo:Tag | Foo",
                "example.com/FOO | FOO",
            })
    void parse_uppercaseRepository_reportsTheRemoteName(String input, String remote) {
        assertInvalid(input, "invalid reference format: repository name (" + remote + ") must be lowercase");
    }

    @Test
    void parse_uppercaseDigestAlgorithmWithoutTag_reportsLowercase() {
        assertInvalid("busybox@SHA256:" + HEX,
                "invalid reference format: repository name (library/busybox@SHA256) must be lowercase");
    }

    @Test
    void parse_sixtyFourHexAlone_isRefused() {
        assertInvalid(HEX, "invalid repository name (" + HEX + "), cannot specify 64-byte hexadecimal strings");
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(
            strings = {
                "",
                ":",
                "busybox:",
                "busybox::tag",
                "busybox:a:b",
                "busybox@",
                "busybox@sha256:abc",
                "busybox@@" + DIGEST,
                "foo/",
                "/foo",
                "-docker",
                "-docker/docker",
                "docker-/docker",
                "-docker.io/docker/docker",
                "docker///docker",
                "docker.io/docker///docker",
                "dock..er/docker",
                "dock_.er/docker",
                "dock-.er/docker",
                "____/____",
                "_docker/_docker",
                "a___b/c",
                "https://github.com/docker/docker",
                "[fc00::1]",
                "[fc00::1]:5000",
                "fc00::1:5000/debian",
                "[fe80::1%eth0]:5000/debian",
                "[2001:db8:3:4::192.0.2.33]:5000/debian",
                "aa/asdf$$^/aa",
                "busybox:.tag",
                "busybox:-tag",
                "busybox:t/ag",
                "busybox bar",
                "localhost:/x",
                "localhost:50a/x",
                "ex-.com/x",
                "ex..com/x",
                "busybox@sha256:" + HEX + "@" + DIGEST,
                "bus\u00fdbox",
            })
    void parse_malformed_isInvalidReferenceFormat(String input) {
        assertInvalid(input, "invalid reference format");
    }

    @Test
    void parse_tagOf128Characters_isAccepted() {
        String tag = "t".repeat(128);

        assertThat(Reference.parse("busybox:" + tag).tag()).contains(tag);
    }

    @Test
    void parse_tagOf129Characters_isInvalidReferenceFormat() {
        assertInvalid("busybox:" + "t".repeat(129), "invalid reference format");
    }

    @Test
    void parse_pathOf255CharactersWithDomain_isAccepted() {
        // Since distribution/reference v0.6.0 only the path counts towards the limit.
        Reference r = Reference.parse("example.com/" + "a".repeat(255) + ":tag");

        assertThat(r.path()).hasSize(255);
    }

    @Test
    void parse_pathOver255Characters_isTooLong() {
        assertInvalid("example.com/" + "a".repeat(256), "repository name must not be more than 255 characters");
        assertInvalid("domain/" + "a".repeat(256) + ":tag", "repository name must not be more than 255 characters");
    }

    @Test
    void parse_officialNameOver247Characters_isTooLongOnceLibraryIsAdded() {
        assertThat(Reference.parse("a".repeat(247)).path()).hasSize(255);
        assertInvalid("a".repeat(248), "repository name must not be more than 255 characters");
    }

    @Test
    void parse_manyComponentsWithTagOverTheLimit_countsOnlyThePath() {
        String path = "a/".repeat(127) + "a";

        Reference r = Reference.parse(path + ":tag-puts-this-over-max");

        assertThat(r.domain()).isEqualTo("docker.io");
        assertThat(r.path()).isEqualTo(path);
    }

    @Test
    void parse_sha256OfWrongLength_isInvalidChecksumDigestLength() {
        assertInvalid("busybox:1@sha256:" + HEX.substring(0, 40), "invalid checksum digest length");
        assertInvalid("busybox@sha256:" + HEX + "00", "invalid checksum digest length");
    }

    @Test
    void parse_sha256WithUppercaseHex_isInvalidChecksumDigestFormat() {
        assertInvalid("busybox@sha256:" + HEX.toUpperCase(), "invalid checksum digest format");
    }

    @Test
    void parse_uppercaseAlgorithmAfterTag_isInvalidChecksumDigestFormat() {
        assertInvalid("busybox:1@SHA256:" + HEX, "invalid checksum digest format");
    }

    @Test
    void parse_unknownAlgorithm_isUnsupported() {
        assertInvalid("busybox:1@md5:" + HEX.substring(0, 32), "unsupported digest algorithm");
        assertInvalid("busybox:1@sha256+b64:" + HEX, "unsupported digest algorithm");
        assertInvalid("busybox:1@Md5:" + HEX.substring(0, 32), "invalid checksum digest format");
        assertInvalid("busybox:1@sha3-256:" + HEX, "invalid reference format");
    }

    @Test
    void parse_sha512OfWrongLength_isInvalidLengthAsInDocker() {
        // Docker's go-digest knows sha384 and sha512 and checks their lengths first.
        assertInvalid("busybox:1@sha512:" + HEX, "invalid checksum digest length");
        assertInvalid("busybox:1@sha384:" + HEX, "invalid checksum digest length");
        assertInvalid("busybox:1@sha512:" + (HEX + HEX).toUpperCase(), "invalid checksum digest format");
    }

    @Test
    void parse_validSha512_isUnsupportedHere() {
        assertInvalid("busybox:1@sha512:" + HEX + HEX, "unsupported digest algorithm");
        assertInvalid("busybox:1@sha384:" + HEX + HEX.substring(0, 32), "unsupported digest algorithm");
    }

    @Test
    void parseCanonical_uppercaseThatLowercasingFixes_isRepositoryNameMustBeLowercase() {
        assertThatThrownBy(() -> Reference.parseCanonical("Foo"))
                .isInstanceOf(EngineException.class)
                .hasMessage("repository name must be lowercase");
    }

    @Test
    void parseCanonical_emptyString_hasNoComponent() {
        assertThatThrownBy(() -> Reference.parseCanonical(""))
                .isInstanceOf(EngineException.class)
                .hasMessage("repository name must have at least one component");
    }

    @Test
    void parseCanonical_familiarName_isNotNormalised() {
        Reference r = Reference.parseCanonical("busybox");

        assertThat(r.domain()).isEmpty();
        assertThat(r.path()).isEqualTo("busybox");
    }

    @Test
    @Timeout(10)
    void parse_longHostileInput_failsFast() {
        assertInvalid("a-".repeat(200_000) + "!", "invalid reference format");
        assertInvalid("a/".repeat(200_000) + "!", "invalid reference format");
        assertInvalid("[" + ":".repeat(200_000) + "/x", "invalid reference format");
        assertInvalid("x.com/" + "a.".repeat(200_000), "invalid reference format");
    }

    @Test
    void withTag_validTag_replacesTagAndKeepsDigest() {
        Reference r = Reference.parse("busybox:1@" + DIGEST).withTag("2");

        assertThat(r.toString()).isEqualTo("docker.io/library/busybox:2@" + DIGEST);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".x", "-x", "a:b", "a/b", "a@b"})
    void withTag_invalidTag_isInvalidTagFormat(String tag) {
        Reference r = Reference.parse("busybox");

        assertThatThrownBy(() -> r.withTag(tag)).isInstanceOf(EngineException.class).hasMessage("invalid tag format");
    }

    @Test
    void withTag_129Characters_isInvalidTagFormat() {
        assertThatThrownBy(() -> Reference.parse("busybox").withTag("x".repeat(129)))
                .hasMessage("invalid tag format");
    }

    @Test
    void withDefaultTag_tagged_isUnchanged() {
        Reference r = Reference.parse("busybox:1");

        assertThat(r.withDefaultTag()).isSameAs(r);
    }

    @Test
    void withDigest_tagged_keepsTag() {
        Reference r = Reference.parse("busybox:1").withDigest(Digest.parse(DIGEST));

        assertThat(r.toString()).isEqualTo("docker.io/library/busybox:1@" + DIGEST);
    }

    @Test
    void nameOnly_tagAndDigest_dropsBoth() {
        Reference r = Reference.parse("busybox:1@" + DIGEST).nameOnly();

        assertThat(r).isEqualTo(Reference.parse("busybox"));
        assertThat(r.isNameOnly()).isTrue();
    }

    @Test
    void equals_sameImageWrittenDifferently_isEqual() {
        assertThat(Reference.parse("busybox")).isEqualTo(Reference.parse("docker.io/library/busybox"));
        assertThat(Reference.parse("busybox").hashCode())
                .isEqualTo(Reference.parse("index.docker.io/library/busybox").hashCode());
        assertThat(Reference.parse("busybox")).isNotEqualTo(Reference.parse("busybox:latest"));
    }

    @Test
    void compareTo_ordersByCanonicalString() {
        assertThat(Reference.parse("alpine").compareTo(Reference.parse("busybox"))).isNegative();
    }

    @ParameterizedTest
    @ValueSource(strings = {"abcd", "0123456789ab", "sha256:abcd", HEX, "sha256:" + HEX})
    void isIdLike_hexPrefix_isTrue(String text) {
        assertThat(Reference.isIdLike(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "sha256:abc", "ABCD", "abcg", HEX + "0", "sha256:", "busybox", "sha512:abcd"})
    void isIdLike_notHexPrefix_isFalse(String text) {
        assertThat(Reference.isIdLike(text)).isFalse();
    }

    @Test
    void idPrefix_withAlgorithm_returnsBareHex() {
        assertThat(Reference.idPrefix("sha256:abcd")).contains("abcd");
        assertThat(Reference.idPrefix("busybox")).isEmpty();
    }

    @Test
    void json_reference_isItsCanonicalString() {
        Reference r = Reference.parse("busybox:1@" + DIGEST);

        byte[] json = io.jocker.oci.json.OciJson.write(r);

        assertThat(new String(json, java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("\"docker.io/library/busybox:1@" + DIGEST + "\"");
        assertThat(io.jocker.oci.json.OciJson.read(json, Reference.class, "reference")).isEqualTo(r);
    }

    @Test
    void json_invalidReference_isRefusedWithDockersWording() {
        assertThatThrownBy(() -> io.jocker.oci.json.OciJson.read("\"Busybox\"".getBytes(), Reference.class, "reference"))
                .isInstanceOf(EngineException.class)
                .hasMessage("invalid reference: invalid reference format: repository name (library/Busybox) must be lowercase");
    }

    @Test
    void parse_null_isRefused() {
        assertThatThrownBy(() -> Reference.parse(null)).isInstanceOf(NullPointerException.class);
    }

}
