package io.jocker.oci.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jocker.common.error.EngineException;
import io.jocker.common.error.ErrorKind;
import io.jocker.oci.digest.Digest;
import io.jocker.oci.json.OciJson;
import io.jocker.oci.manifest.Platform;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageConfigTest {
    private static final String DIFF1 = "sha256:" + "1".repeat(64);
    private static final String DIFF2 = "sha256:" + "2".repeat(64);

    /** A Docker-built config, with legacy fields and odd spacing kept on purpose. */
    private static final String DOCKER_CONFIG = """
            {"architecture":"amd64","config":{"Hostname":"","Domainname":"","User":"nobody","AttachStdin":false,
            "ExposedPorts":{"80/tcp":{},"443/tcp":{}},"Tty":false,
            "Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","NGINX_VERSION=1.25.3"],
            "Cmd":["nginx","-g","daemon off;"],"Image":"sha256:abc","Volumes":{"/var/cache/nginx":{}},
            "WorkingDir":"/srv","Entrypoint":["/docker-entrypoint.sh"],"OnBuild":["RUN echo hi"],
            "Labels":{"maintainer":"NGINX Docker Maintainers","b":"2"},"StopSignal":"SIGQUIT",
            "Healthcheck":{"Test":["CMD-SHELL","curl -f http://localhost/"],"Interval":30000000000,
            "Timeout":5000000000,"Retries":3},"Shell":["/bin/bash","-c"],"ArgsEscaped":true},
            "container":"0123","container_config":{"Cmd":["/bin/sh"]},
            "created":"2023-11-01T12:34:56.123456789Z","docker_version":"20.10.23",
            "history":[{"created":"2023-10-31T00:00:00Z","created_by":"/bin/sh -c #(nop) ADD file:x in / "},
                       {"created":"2023-10-31T00:00:01Z","created_by":"/bin/sh -c #(nop)  CMD [\\"bash\\"]","empty_layer":true},
                       {"created":"2023-11-01T12:34:56.123456789+02:00","created_by":"RUN make","comment":"buildkit.dockerfile.v0"}],
            "os":"linux","rootfs":{"type":"layers","diff_ids":["%s","%s"]}}
            """.formatted(DIFF1, DIFF2);

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void parse_dockerConfig_readsEveryField() {
        ImageConfig c = ImageConfig.parse(bytes(DOCKER_CONFIG));

        assertThat(c.architecture()).isEqualTo("amd64");
        assertThat(c.os()).isEqualTo("linux");
        assertThat(c.platform()).isEqualTo(Platform.of("linux", "amd64"));
        assertThat(c.created()).isEqualTo("2023-11-01T12:34:56.123456789Z");
        assertThat(c.createdInstant()).contains(Instant.parse("2023-11-01T12:34:56.123456789Z"));
        assertThat(c.dockerVersion()).isEqualTo("20.10.23");
        assertThat(c.diffIds()).containsExactly(Digest.parse(DIFF1), Digest.parse(DIFF2));
        assertThat(c.rootfs().type()).isEqualTo("layers");

        ContainerConfig cc = c.config();
        assertThat(cc.user()).isEqualTo("nobody");
        assertThat(cc.exposedPorts()).containsExactly("443/tcp", "80/tcp");
        assertThat(cc.env()).containsExactly(
                "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "NGINX_VERSION=1.25.3");
        assertThat(cc.cmd()).containsExactly("nginx", "-g", "daemon off;");
        assertThat(cc.entrypoint()).containsExactly("/docker-entrypoint.sh");
        assertThat(cc.volumes()).containsExactly("/var/cache/nginx");
        assertThat(cc.workingDir()).isEqualTo("/srv");
        assertThat(cc.labels()).containsEntry("maintainer", "NGINX Docker Maintainers").hasSize(2);
        assertThat(cc.stopSignal()).isEqualTo("SIGQUIT");
        assertThat(cc.onBuild()).containsExactly("RUN echo hi");
        assertThat(cc.shell()).containsExactly("/bin/bash", "-c");
        assertThat(cc.argsEscaped()).isTrue();
        assertThat(cc.healthcheck().test()).containsExactly("CMD-SHELL", "curl -f http://localhost/");
        assertThat(cc.healthcheck().interval()).hasSeconds(30);
        assertThat(cc.healthcheck().timeout()).hasSeconds(5);
        assertThat(cc.healthcheck().startPeriodNanos()).isZero();
        assertThat(cc.healthcheck().retries()).isEqualTo(3);

        assertThat(c.history()).hasSize(3);
        assertThat(c.history().get(1).emptyLayer()).isTrue();
        assertThat(c.history().get(1).createdBy()).isEqualTo("/bin/sh -c #(nop)  CMD [\"bash\"]");
        assertThat(c.history().get(2).comment()).isEqualTo("buildkit.dockerfile.v0");
        assertThat(c.history().get(2).createdInstant()).contains(Instant.parse("2023-11-01T10:34:56.123456789Z"));
    }

    @Test
    void id_parsedConfig_isSha256OfTheExactBytes() {
        byte[] raw = bytes(DOCKER_CONFIG);

        ImageConfig c = ImageConfig.parse(raw);

        assertThat(c.id()).isEqualTo(Digest.sha256Of(raw));
        assertThat(c.rawJson()).isEqualTo(raw);
        assertThat(c.size()).isEqualTo(raw.length);
    }

    @Test
    void descriptor_mediaType_pointsAtTheExactBytes() {
        ImageConfig c = ImageConfig.parse(bytes(DOCKER_CONFIG));

        var d = c.descriptor(io.jocker.oci.mediatype.MediaTypes.DOCKER_CONFIG);

        assertThat(d.digest()).isEqualTo(c.id());
        assertThat(d.size()).isEqualTo(bytes(DOCKER_CONFIG).length);
        assertThat(d.mediaType()).isEqualTo(io.jocker.oci.mediatype.MediaTypes.DOCKER_CONFIG);
    }

    @Test
    void id_sameFieldsDifferentSpacing_differs() {
        // The ID names bytes, not meaning: re-serialising would silently change it.
        String compact = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}";
        String spaced = "{ \"architecture\": \"amd64\", \"os\": \"linux\", \"rootfs\": {\"type\": \"layers\", \"diff_ids\": []} }";

        ImageConfig a = ImageConfig.parse(bytes(compact));
        ImageConfig b = ImageConfig.parse(bytes(spaced));

        assertThat(a.platform()).isEqualTo(b.platform());
        assertThat(a.id()).isNotEqualTo(b.id());
        assertThat(a).isNotEqualTo(b);
        assertThat(a).isEqualTo(ImageConfig.parse(bytes(compact)));
    }

    @Test
    void parse_callerChangesTheArrayAfterwards_keepsOriginalBytes() {
        byte[] raw = bytes(DOCKER_CONFIG);
        ImageConfig c = ImageConfig.parse(raw);

        raw[0] = ' ';
        c.rawJson()[1] = ' ';

        assertThat(c.rawJson()).isEqualTo(bytes(DOCKER_CONFIG));
    }

    @Test
    void parse_noRootfs_isRefusedWithDockersWording() {
        assertThatThrownBy(() -> ImageConfig.parse(bytes("{\"architecture\":\"amd64\",\"os\":\"linux\"}")))
                .isInstanceOf(EngineException.class)
                .hasMessage("invalid image JSON, no RootFS key");
    }

    @Test
    void parse_badCreated_isRefused() {
        String json = "{\"created\":\"yesterday\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}";

        assertThatThrownBy(() -> ImageConfig.parse(bytes(json)))
                .isInstanceOf(EngineException.class)
                .satisfies(e -> assertThat(((EngineException) e).kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessageContaining("invalid timestamp yesterday");
    }

    @Test
    void parse_badDiffId_isRefused() {
        String json = "{\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:nope\"]}}";

        assertThatThrownBy(() -> ImageConfig.parse(bytes(json)))
                .hasMessage("invalid image config: invalid checksum digest format");
    }

    @Test
    void parse_minimalConfig_fillsAbsentFieldsWithEmptyValues() {
        ImageConfig c = ImageConfig.parse(bytes("{\"rootfs\":{\"type\":\"layers\"}}"));

        assertThat(c.config()).isEqualTo(ContainerConfig.EMPTY);
        assertThat(c.diffIds()).isEmpty();
        assertThat(c.history()).isEmpty();
        assertThat(c.created()).isEmpty();
        assertThat(c.createdInstant()).isEmpty();
        assertThat(c.architecture()).isEmpty();
    }

    @Test
    void parse_dockerSingleStringCmd_readsAsOneElementList() {
        String json = "{\"config\":{\"Cmd\":\"/bin/sh\",\"Entrypoint\":null},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}";

        ContainerConfig cc = ImageConfig.parse(bytes(json)).config();

        assertThat(cc.cmd()).containsExactly("/bin/sh");
        assertThat(cc.entrypoint()).isEmpty();
    }

    @Test
    void parse_ociConfigWithPlatformFields_readsThem() {
        String json = """
                {"architecture":"arm64","variant":"v8","os":"windows","os.version":"10.0.17763.1",
                 "os.features":["win32k"],"author":"me","rootfs":{"type":"layers","diff_ids":[]}}""";

        ImageConfig c = ImageConfig.parse(bytes(json));

        assertThat(c.platform()).isEqualTo(new Platform("arm64", "windows", "10.0.17763.1", List.of("win32k"), "v8"));
        assertThat(c.author()).isEqualTo("me");
    }

    @Test
    void builder_newConfig_writesCompactSpecOrderedJson() {
        ImageConfig c = ImageConfig.builder()
                .created(Instant.parse("2024-01-02T03:04:05Z"))
                .platform(Platform.of("linux", "amd64"))
                .config(ContainerConfig.builder()
                        .env("PATH", "/bin")
                        .cmd(List.of("sh"))
                        .exposedPort("8080/tcp")
                        .label("b", "2")
                        .label("a", "1")
                        .build())
                .addLayer(Digest.parse(DIFF1), History.of(Instant.parse("2024-01-02T03:04:05Z"), "ADD x /", false))
                .addHistory(History.of(Instant.parse("2024-01-02T03:04:06.5Z"), "CMD [\"sh\"]", true))
                .build();

        assertThat(new String(c.rawJson(), StandardCharsets.UTF_8)).isEqualTo(
                "{\"created\":\"2024-01-02T03:04:05Z\",\"architecture\":\"amd64\",\"os\":\"linux\","
                        + "\"config\":{\"ExposedPorts\":{\"8080/tcp\":{}},\"Env\":[\"PATH=/bin\"],\"Cmd\":[\"sh\"],"
                        + "\"Labels\":{\"a\":\"1\",\"b\":\"2\"}},"
                        + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + DIFF1 + "\"]},"
                        + "\"history\":[{\"created\":\"2024-01-02T03:04:05Z\",\"created_by\":\"ADD x /\"},"
                        + "{\"created\":\"2024-01-02T03:04:06.5Z\",\"created_by\":\"CMD [\\\"sh\\\"]\",\"empty_layer\":true}]}");
        assertThat(c.id()).isEqualTo(Digest.sha256Of(c.rawJson()));
    }

    @Test
    void builder_emptyConfig_stillWritesRequiredFields() {
        ImageConfig c = ImageConfig.builder().build();

        assertThat(new String(c.rawJson(), StandardCharsets.UTF_8))
                .isEqualTo("{\"architecture\":\"\",\"os\":\"\",\"config\":{},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}");
    }

    @Test
    void builder_sameInput_givesSameBytesAndId() {
        ImageConfig a = ImageConfig.parse(bytes(DOCKER_CONFIG)).toBuilder().build();
        ImageConfig b = ImageConfig.parse(bytes(DOCKER_CONFIG)).toBuilder().build();

        assertThat(a.rawJson()).isEqualTo(b.rawJson());
        assertThat(a.id()).isEqualTo(b.id());
    }

    @Test
    void toBuilder_parseOfBuiltBytes_keepsEveryField() {
        ImageConfig original = ImageConfig.parse(bytes(DOCKER_CONFIG));

        ImageConfig rebuilt = ImageConfig.parse(original.toBuilder().build().rawJson());

        assertThat(rebuilt.config()).isEqualTo(original.config());
        assertThat(rebuilt.history()).isEqualTo(original.history());
        assertThat(rebuilt.rootfs()).isEqualTo(original.rootfs());
        assertThat(rebuilt.platform()).isEqualTo(original.platform());
        assertThat(rebuilt.created()).isEqualTo(original.created());
        assertThat(rebuilt.dockerVersion()).isEqualTo(original.dockerVersion());
        assertThat(rebuilt.id()).isNotEqualTo(original.id());
    }

    @Test
    void toBuilder_addLayer_appendsDiffIdAndHistoryAndChangesId() {
        ImageConfig parent = ImageConfig.parse(bytes(DOCKER_CONFIG));
        Digest diff = Digest.parse("sha256:" + "3".repeat(64));

        ImageConfig child = parent.toBuilder()
                .addLayer(diff, History.of(Instant.EPOCH, "RUN true", false))
                .config(parent.config().toBuilder().env("NGINX_VERSION", "1.26").build())
                .comment("committed")
                .build();

        assertThat(child.diffIds()).containsExactly(Digest.parse(DIFF1), Digest.parse(DIFF2), diff);
        assertThat(child.history()).hasSize(4);
        assertThat(child.history().get(3).created()).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(child.config().env()).containsExactly(
                "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "NGINX_VERSION=1.26");
        assertThat(child.comment()).isEqualTo("committed");
        assertThat(child.id()).isNotEqualTo(parent.id());
        assertThat(parent.diffIds()).hasSize(2);
    }

    @Test
    void addLayer_historyMarkedEmpty_isRefused() {
        assertThatThrownBy(() -> ImageConfig.builder()
                        .addLayer(Digest.parse(DIFF1), History.of(Instant.EPOCH, "ENV a=b", true)))
                .isInstanceOf(EngineException.class);
    }

    @Test
    void historyOf_instant_isWrittenAsGoRfc3339Nano() {
        assertThat(History.of(Instant.parse("2024-01-02T03:04:05Z"), "x", false).created())
                .isEqualTo("2024-01-02T03:04:05Z");
        assertThat(History.of(Instant.parse("2024-01-02T03:04:05.120Z"), "x", false).created())
                .isEqualTo("2024-01-02T03:04:05.12Z");
        assertThat(History.of(Instant.parse("2024-01-02T03:04:05.000000001Z"), "x", false).created())
                .isEqualTo("2024-01-02T03:04:05.000000001Z");
    }

    @Test
    void history_json_omitsEmptyFieldsAndFalseEmptyLayer() {
        String json = new String(OciJson.write(new History("", "RUN x", "", "", false)), StandardCharsets.UTF_8);

        assertThat(json).isEqualTo("{\"created_by\":\"RUN x\"}");
    }

    @Test
    void healthcheck_json_omitsZeroDurations() {
        String json = new String(OciJson.write(new Healthcheck(List.of("NONE"), 0, 0, 0, 0, 0)), StandardCharsets.UTF_8);
        String full = new String(OciJson.write(new Healthcheck(List.of("CMD", "true"), 1, 2, 3, 4, 5)),
                StandardCharsets.UTF_8);

        assertThat(json).isEqualTo("{\"Test\":[\"NONE\"]}");
        assertThat(full).isEqualTo(
                "{\"Test\":[\"CMD\",\"true\"],\"Interval\":1,\"Timeout\":2,\"StartPeriod\":3,\"StartInterval\":4,\"Retries\":5}");
    }

    @Test
    void containerConfigBuilder_envForExistingKey_replacesInPlace() {
        ContainerConfig cc = ContainerConfig.builder()
                .env("A", "1")
                .env("B", "2")
                .env("A", "3")
                .build();

        assertThat(cc.env()).containsExactly("A=3", "B=2");
    }

    @Test
    void containerConfig_argsEscapedFalse_isOmitted() {
        String json = new String(OciJson.write(ContainerConfig.builder().user("1000:1000").volume("/data").build()),
                StandardCharsets.UTF_8);

        assertThat(json).isEqualTo("{\"User\":\"1000:1000\",\"Volumes\":{\"/data\":{}}}");
    }

    @Test
    void toString_namesIdPlatformAndLayerCount() {
        ImageConfig c = ImageConfig.parse(bytes(DOCKER_CONFIG));

        assertThat(c.toString()).isEqualTo("ImageConfig[" + c.id() + " linux/amd64, 2 layers]");
    }
}
