package io.jocker.oci.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jocker.common.error.EngineException;
import io.jocker.oci.digest.Digest;
import io.jocker.oci.json.OciJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlatformTest {
    private static Platform p(String specifier) {
        String[] parts = specifier.split("/");
        return Platform.of(parts[0], parts[1], parts.length > 2 ? parts[2] : "");
    }

    private static Descriptor entry(int n, Platform platform) {
        String hex = String.format("%064x", n);
        return Descriptor.of("application/vnd.oci.image.manifest.v1+json", Digest.parse("sha256:" + hex), n)
                .withPlatform(platform);
    }

    @ParameterizedTest(name = "{0}/{1}/{2}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                // os | arch | variant | normalised os/arch/variant
                "linux | x86_64 | - | linux/amd64",
                "linux | x86-64 | - | linux/amd64",
                "linux | amd64 | v1 | linux/amd64",
                "linux | amd64 | v3 | linux/amd64/v3",
                "linux | aarch64 | - | linux/arm64",
                "linux | arm64 | v8 | linux/arm64",
                "linux | arm64 | 8 | linux/arm64",
                "linux | arm64 | v8.0 | linux/arm64",
                "linux | arm64 | v8.2 | linux/arm64/v8.2",
                "linux | arm64 | 9 | linux/arm64/v9",
                "linux | arm64 | v9.0 | linux/arm64/v9",
                "linux | armhf | - | linux/arm/v7",
                "linux | armel | - | linux/arm/v6",
                "linux | arm | - | linux/arm/v7",
                "linux | arm | 7 | linux/arm/v7",
                "linux | arm | 6 | linux/arm/v6",
                "linux | arm | 5 | linux/arm/v5",
                "linux | i386 | v7 | linux/386",
                "Linux | AMD64 | - | linux/amd64",
                "macos | arm64 | - | darwin/arm64",
                "linux | riscv64 | - | linux/riscv64",
            })
    void normalize_aliases_becomeContainerdNames(String os, String arch, String variant, String expected) {
        assertThat(Platform.of(os, arch, variant).normalize().format()).isEqualTo(expected);
    }

    @Test
    void normalize_emptyOs_takesTheHostOs() {
        assertThat(Platform.of("", "amd64").normalize().os()).isEqualTo(Platform.host().os());
    }

    @Test
    void normalize_osFeatures_sortedWithoutDuplicates() {
        Platform p = new Platform("amd64", "windows", "10.0.17763", List.of("win32k", "b", "win32k", "a"), "");

        assertThat(p.normalize().osFeatures()).containsExactly("a", "b", "win32k");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                // specifier | os | arch | variant | os.version | features
                "linux/amd64 | linux | amd64 | - | - | -",
                "linux/arm64 | linux | arm64 | - | - | -",
                "linux/arm64/v8 | linux | arm64 | v8 | - | -",
                "linux/aarch64 | linux | arm64 | - | - | -",
                "linux/arm | linux | arm | - | - | -",
                "linux/armhf | linux | arm | - | - | -",
                "linux/arm/v7 | linux | arm | v7 | - | -",
                "linux/arm/v6 | linux | arm | v6 | - | -",
                "linux/armel | linux | arm | v6 | - | -",
                "LINUX/X86_64 | linux | amd64 | - | - | -",
                "macos/arm64 | darwin | arm64 | - | - | -",
                "linux/amd64/v2 | linux | amd64 | v2 | - | -",
                "windows(10.0.17763)/amd64 | windows | amd64 | - | 10.0.17763 | -",
                "windows(10.0.17763+win32k)/amd64 | windows | amd64 | - | 10.0.17763 | win32k",
                "windows(+b+a)/amd64 | windows | amd64 | - | - | b a",
                "linux(%2Bweird%28x%29)/amd64 | linux | amd64 | - | +weird(x) | -",
            })
    void parse_specifier_readsLikeContainerd(
            String specifier, String os, String arch, String variant, String osVersion, String features) {
        Platform p = Platform.parse(specifier);

        assertThat(p.os()).isEqualTo(os);
        assertThat(p.architecture()).isEqualTo(arch);
        assertThat(p.variant()).isEqualTo(variant == null ? "" : variant);
        assertThat(p.osVersion()).isEqualTo(osVersion == null ? "" : osVersion);
        assertThat(p.osFeatures()).isEqualTo(features == null ? List.of() : List.of(features.split(" ")));
    }

    @Test
    void parse_osAlone_takesTheHostArchitecture() {
        Platform p = Platform.parse("linux");

        assertThat(p.os()).isEqualTo("linux");
        assertThat(p.architecture()).isEqualTo(Platform.host().architecture());
    }

    @Test
    void parse_architectureAlone_takesTheHostOs() {
        Platform p = Platform.parse("arm64");

        assertThat(p.os()).isEqualTo(Platform.host().os());
        assertThat(p.architecture()).isEqualTo("arm64");
        assertThat(Platform.parse("armhf").variant()).isEmpty();
        assertThat(Platform.parse("armel").variant()).isEqualTo("v6");
    }

    @Test
    void parse_tooManyComponents_cannotParse() {
        assertThatThrownBy(() -> Platform.parse("linux/amd64/v1/extra"))
                .isInstanceOf(EngineException.class)
                .hasMessage("\"linux/amd64/v1/extra\": cannot parse platform specifier: invalid argument");
    }

    @Test
    void parse_unknownSingleComponent_isUnknownOsOrArchitecture() {
        assertThatThrownBy(() -> Platform.parse("plan10"))
                .hasMessage("\"plan10\": unknown operating system or architecture: invalid argument");
    }

    @Test
    void parse_wildcard_isNotSupported() {
        assertThatThrownBy(() -> Platform.parse("linux/*"))
                .hasMessage("\"linux/*\": wildcards not yet supported: invalid argument");
    }

    @Test
    void parse_badComponent_namesTheComponentAndPattern() {
        assertThatThrownBy(() -> Platform.parse("linux/am d64"))
                .hasMessage("\"am d64\" is an invalid component of \"linux/am d64\": platform specifier component"
                        + " must match \"^[A-Za-z0-9_.-]+$\": invalid argument");
        assertThatThrownBy(() -> Platform.parse("lin ux/amd64"))
                .hasMessageStartingWith("\"lin ux\" is an invalid OS component of \"lin ux/amd64\"");
        assertThatThrownBy(() -> Platform.parse("")).isInstanceOf(EngineException.class);
        assertThatThrownBy(() -> Platform.parse("linux/")).isInstanceOf(EngineException.class);
    }

    @Test
    void parse_badEscapeInOsVersion_isInvalid() {
        assertThatThrownBy(() -> Platform.parse("windows(10%zz)/amd64"))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("invalid URL escape \"%zz\"");
    }

    @Test
    void format_variousPlatforms_joinsPresentParts() {
        assertThat(p("linux/arm64/v8").format()).isEqualTo("linux/arm64/v8");
        assertThat(Platform.of("linux", "amd64").format()).isEqualTo("linux/amd64");
        assertThat(Platform.of("", "amd64").format()).isEqualTo("unknown");
        assertThat(new Platform("amd64", "windows", "10.0.17763", List.of("win32k", "a+b"), "").formatAll())
                .isEqualTo("windows(10.0.17763+a%2Bb+win32k)/amd64");
        assertThat(new Platform("amd64", "windows", "", List.of("x"), "").toString()).isEqualTo("windows(+x)/amd64");
    }

    @Test
    void formatAll_parse_roundTrips() {
        Platform p = new Platform("amd64", "windows", "10.0(1)", List.of("a", "win32k"), "");

        assertThat(Platform.parse(p.formatAll())).isEqualTo(p);
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "Linux, amd64, , linux/amd64",
        "Linux, x86_64, , linux/amd64",
        "Linux, aarch64, 8, linux/arm64/v8",
        "Linux, aarch64, , linux/arm64/v8",
        "Linux, arm, 7, linux/arm/v7",
        "Linux, arm, 6, linux/arm/v6",
        "Linux, arm, , linux/arm/v7",
        "Linux, x86, , linux/386",
        "Linux, ppc64le, , linux/ppc64le",
        "Linux, s390x, , linux/s390x",
        "Linux, loongarch64, , linux/loong64",
        "Mac OS X, aarch64, , darwin/arm64/v8",
        "Windows 11, amd64, , windows/amd64",
    })
    void host_javaProperties_becomeGoNames(String osName, String osArch, String cpuArch, String expected) {
        Platform host = Platform.host(osName, osArch, () -> cpuArch == null ? "" : cpuArch);

        assertThat(host.format()).isEqualTo(expected);
    }

    @Test
    void host_thisMachine_isLinux() {
        Platform host = Platform.host();

        assertThat(host.os()).isEqualTo("linux");
        assertThat(host.architecture()).isNotEmpty();
    }

    @Test
    void matches_aliasesOfTheSamePlatform_match() {
        assertThat(p("linux/amd64").matches(p("linux/x86_64"))).isTrue();
        assertThat(p("linux/arm64").matches(p("linux/arm64/v8"))).isTrue();
        assertThat(p("linux/arm64/v8").matches(p("linux/aarch64"))).isTrue();
        assertThat(p("linux/arm/v7").matches(p("linux/arm"))).isTrue();
        assertThat(p("linux/arm").matches(p("linux/armhf"))).isTrue();
    }

    @Test
    void matches_differentVariantOrArchitecture_doesNotMatch() {
        assertThat(p("linux/arm/v7").matches(p("linux/arm/v6"))).isFalse();
        assertThat(p("linux/amd64").matches(p("linux/386"))).isFalse();
        assertThat(p("linux/amd64").matches(p("windows/amd64"))).isFalse();
        assertThat(p("linux/amd64").matches(p("linux/amd64/v2"))).isFalse();
    }

    @Test
    void matches_candidateFeatures_mustBeASubsetOfWanted() {
        Platform wanted = new Platform("amd64", "linux", "", List.of("b", "a"), "");

        assertThat(wanted.matches(new Platform("amd64", "linux", "", List.of("a"), ""))).isTrue();
        assertThat(wanted.matches(new Platform("amd64", "linux", "", List.of("a", "b"), ""))).isTrue();
        assertThat(wanted.matches(new Platform("amd64", "linux", "", List.of("c"), ""))).isFalse();
        assertThat(p("linux/amd64").matches(new Platform("amd64", "linux", "", List.of("a"), ""))).isFalse();
    }

    @Test
    void matches_windowsBefore2022_needsTheSameBuild() {
        Platform host = new Platform("amd64", "windows", "10.0.17763.1234", List.of(), "");

        assertThat(host.matches(new Platform("amd64", "windows", "10.0.17763.5678", List.of(), ""))).isTrue();
        assertThat(host.matches(new Platform("amd64", "windows", "10.0.14393.1", List.of(), ""))).isFalse();
        assertThat(host.matches(new Platform("amd64", "windows", "", List.of(), ""))).isTrue();
    }

    @Test
    void matches_windowsFrom2022_runsBuildsSinceTheLastLtsc() {
        Platform ws2025 = new Platform("amd64", "windows", "10.0.26100.1", List.of(), "");
        Platform ws2022 = new Platform("amd64", "windows", "10.0.20348.1", List.of(), "");

        assertThat(ws2025.matches(new Platform("amd64", "windows", "10.0.20348.2", List.of(), ""))).isTrue();
        assertThat(ws2025.matches(new Platform("amd64", "windows", "10.0.26100.9", List.of(), ""))).isTrue();
        assertThat(ws2025.matches(new Platform("amd64", "windows", "10.0.17763.1", List.of(), ""))).isFalse();
        assertThat(ws2022.matches(new Platform("amd64", "windows", "10.0.26100.1", List.of(), ""))).isFalse();
    }

    @Test
    void matches_windowsWin32kFeature_isIgnored() {
        Platform host = new Platform("amd64", "windows", "10.0.17763", List.of(), "");

        assertThat(host.matches(new Platform("amd64", "windows", "10.0.17763.1", List.of("win32k"), ""))).isTrue();
    }

    @Test
    void canRun_amd64_runsItselfOlderVariantsAnd386() {
        Platform host = p("linux/amd64/v3");

        assertThat(host.canRun(p("linux/amd64/v3"))).isTrue();
        assertThat(host.canRun(p("linux/amd64/v2"))).isTrue();
        assertThat(host.canRun(p("linux/amd64"))).isTrue();
        assertThat(host.canRun(p("linux/386"))).isTrue();
        assertThat(host.canRun(p("linux/amd64/v4"))).isFalse();
        assertThat(p("linux/amd64").canRun(p("linux/amd64/v2"))).isFalse();
        assertThat(host.canRun(p("linux/arm64"))).isFalse();
    }

    @Test
    void canRun_arm64_runsArmV8ToV5() {
        Platform host = p("linux/arm64");

        assertThat(host.canRun(p("linux/arm64/v8"))).isTrue();
        assertThat(host.canRun(p("linux/arm/v8"))).isTrue();
        assertThat(host.canRun(p("linux/arm/v7"))).isTrue();
        assertThat(host.canRun(p("linux/arm/v5"))).isTrue();
        assertThat(host.canRun(p("linux/arm64/v8.1"))).isFalse();
        assertThat(host.canRun(p("linux/amd64"))).isFalse();
    }

    @Test
    void canRun_arm64v9_runsOlderArmv8Minors() {
        Platform host = p("linux/arm64/v9.2");

        assertThat(host.canRun(p("linux/arm64/v9.1"))).isTrue();
        assertThat(host.canRun(p("linux/arm64/v9"))).isTrue();
        assertThat(host.canRun(p("linux/arm64/v8.7"))).isTrue();
        assertThat(host.canRun(p("linux/arm64/v8.8"))).isFalse();
        assertThat(host.canRun(p("linux/arm64"))).isTrue();
        assertThat(host.canRun(p("linux/arm/v7"))).isTrue();
    }

    @Test
    void canRun_unknownArm64Variant_runsNothing() {
        // containerd's vector for an arm64 variant it does not know is empty, not even itself.
        assertThat(p("linux/arm64/v7").canRun(p("linux/arm64/v7"))).isFalse();
    }

    @Test
    void canRun_armV7_runsOlderButNotNewer() {
        Platform host = p("linux/arm/v7");

        assertThat(host.canRun(p("linux/arm/v6"))).isTrue();
        assertThat(host.canRun(p("linux/arm"))).isTrue();
        assertThat(host.canRun(p("linux/arm/v8"))).isFalse();
    }

    @Test
    void vector_arm64v8_isArm64ThenArmNewestFirst() {
        List<String> vector = PlatformMatcher.vector(p("linux/arm64").normalize()).stream().map(Platform::format).toList();

        assertThat(vector).containsExactly("linux/arm64/v8", "linux/arm/v8", "linux/arm/v7", "linux/arm/v6", "linux/arm/v5");
    }

    @Test
    void bestMatch_multiArchIndex_picksTheExactPlatform() {
        List<Descriptor> manifests = List.of(
                entry(1, p("linux/amd64")),
                entry(2, p("linux/arm/v6")),
                entry(3, p("linux/arm/v7")),
                entry(4, p("linux/arm64/v8")),
                entry(5, new Platform("amd64", "windows", "10.0.17763.1", List.of(), "")),
                entry(6, p("unknown/unknown")));

        assertThat(Platform.bestMatch(manifests, p("linux/arm64"))).contains(manifests.get(3));
        assertThat(Platform.bestMatch(manifests, p("linux/amd64"))).contains(manifests.get(0));
        assertThat(Platform.bestMatch(manifests, p("linux/arm/v7"))).contains(manifests.get(2));
        assertThat(Platform.bestMatch(manifests, Platform.parse("linux/armhf"))).contains(manifests.get(2));
        assertThat(Platform.bestMatch(manifests, p("linux/s390x"))).isEmpty();
    }

    @Test
    void bestMatch_noExactEntry_prefersTheClosestCompatible() {
        List<Descriptor> manifests = List.of(entry(1, p("linux/arm/v5")), entry(2, p("linux/arm/v7")),
                entry(3, p("linux/arm/v6")));

        assertThat(Platform.bestMatch(manifests, p("linux/arm64"))).contains(manifests.get(1));
    }

    @Test
    void bestMatch_amd64HostWith386AndAmd64_prefersAmd64WhateverTheOrder() {
        List<Descriptor> manifests = List.of(entry(1, p("linux/386")), entry(2, p("linux/amd64")));

        assertThat(Platform.bestMatch(manifests, p("linux/amd64"))).contains(manifests.get(1));
        assertThat(Platform.bestMatch(manifests.subList(0, 1), p("linux/amd64"))).contains(manifests.get(0));
    }

    @Test
    void bestMatch_amd64v2Host_prefersV2OverBaseline() {
        List<Descriptor> manifests = List.of(entry(1, p("linux/amd64")), entry(2, p("linux/amd64/v2")),
                entry(3, p("linux/amd64/v3")));

        assertThat(Platform.bestMatch(manifests, p("linux/amd64/v2"))).contains(manifests.get(1));
    }

    @Test
    void bestMatch_equalCandidates_takesTheFirstListed() {
        List<Descriptor> manifests = List.of(entry(1, p("linux/amd64")), entry(2, p("linux/x86_64")));

        assertThat(Platform.bestMatch(manifests, p("linux/amd64"))).contains(manifests.get(0));
    }

    @Test
    void bestMatch_sameRank_prefersMoreOsFeatures() {
        Platform wanted = new Platform("amd64", "linux", "", List.of("a", "b"), "");
        List<Descriptor> manifests = List.of(
                entry(1, p("linux/amd64")),
                entry(2, new Platform("amd64", "linux", "", List.of("a"), "")),
                entry(3, new Platform("amd64", "linux", "", List.of("a", "c"), "")));

        assertThat(Platform.bestMatch(manifests, wanted)).contains(manifests.get(1));
    }

    @Test
    void bestMatch_descriptorsWithoutPlatform_areSkipped() {
        Descriptor noPlatform = entry(1, null);
        Descriptor amd64 = entry(2, p("linux/amd64"));

        assertThat(Platform.bestMatch(List.of(noPlatform, amd64), p("linux/amd64"))).contains(amd64);
        assertThat(Platform.bestMatch(List.of(noPlatform), p("linux/amd64"))).isEmpty();
        assertThat(Platform.bestMatch(new ArrayList<>(), p("linux/amd64"))).isEmpty();
    }

    @Test
    void json_platform_usesSpecNamesAndOmitsEmpty() {
        String json = new String(OciJson.write(p("linux/arm64/v8")), StandardCharsets.UTF_8);
        String windows = new String(OciJson.write(
                new Platform("amd64", "windows", "10.0.17763.1", List.of("win32k"), "")), StandardCharsets.UTF_8);

        assertThat(json).isEqualTo("{\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\"}");
        assertThat(windows).isEqualTo(
                "{\"architecture\":\"amd64\",\"os\":\"windows\",\"os.version\":\"10.0.17763.1\",\"os.features\":[\"win32k\"]}");
    }

    @Test
    void json_read_ignoresUnknownFieldsAndFillsAbsentOnes() {
        Platform p = OciJson.read("{\"os\":\"linux\",\"architecture\":\"amd64\",\"cpu\":\"x\"}".getBytes(),
                Platform.class, "platform");

        assertThat(p).isEqualTo(Platform.of("linux", "amd64"));
        assertThat(p.osFeatures()).isEmpty();
        assertThat(p.variant()).isEmpty();
    }
}
