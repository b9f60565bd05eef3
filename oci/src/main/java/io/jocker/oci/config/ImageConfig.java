package io.jocker.oci.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.jocker.common.error.EngineException;
import io.jocker.oci.digest.Digest;
import io.jocker.oci.json.OciJson;
import io.jocker.oci.manifest.Descriptor;
import io.jocker.oci.manifest.Platform;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An image config (OCI {@code application/vnd.oci.image.config.v1+json} or Docker {@code
 * application/vnd.docker.container.image.v1+json}) together with the exact bytes it was read from or
 * written as. The image ID is the sha256 of those bytes, so {@link #id()} never depends on how this
 * class would serialise the fields. Immutable; thread-safe.
 *
 * <pre>{@code
 * ImageConfig config = ImageConfig.parse(blob);          // blob as fetched
 * config.id();                                           // == manifest.config().digest()
 * ImageConfig child = config.toBuilder()
 *         .addLayer(diffId, History.of(now, "RUN make", false))
 *         .build();                                      // new bytes, new ID
 * }</pre>
 *
 * <p>Besides the OCI fields it keeps Docker's {@code comment} and {@code docker_version}; other
 * legacy Docker fields ({@code container}, {@code container_config}, {@code id}, {@code parent}) are
 * read past and not kept.
 */
public final class ImageConfig {
    private final byte[] raw;
    private final Digest id;
    private final Document document;

    /** The JSON shape; field order follows the OCI image spec's Go type. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyOrder({"created", "author", "architecture", "os", "os.version", "os.features", "variant",
            "config", "rootfs", "history", "comment", "docker_version"})
    record Document(
            @JsonProperty("created") String created,
            @JsonProperty("author") String author,
            @JsonProperty("architecture") @JsonInclude(JsonInclude.Include.ALWAYS) String architecture,
            @JsonProperty("os") @JsonInclude(JsonInclude.Include.ALWAYS) String os,
            @JsonProperty("os.version") String osVersion,
            @JsonProperty("os.features") List<String> osFeatures,
            @JsonProperty("variant") String variant,
            @JsonProperty("config") @JsonInclude(JsonInclude.Include.ALWAYS) ContainerConfig config,
            @JsonProperty("rootfs") RootFs rootfs,
            @JsonProperty("history") List<History> history,
            @JsonProperty("comment") String comment,
            @JsonProperty("docker_version") String dockerVersion) {

        Document {
            created = Timestamps.check(created, "created");
            author = author == null ? "" : author;
            architecture = architecture == null ? "" : architecture;
            os = os == null ? "" : os;
            osVersion = osVersion == null ? "" : osVersion;
            osFeatures = osFeatures == null ? List.of() : List.copyOf(osFeatures);
            variant = variant == null ? "" : variant;
            config = config == null ? ContainerConfig.EMPTY : config;
            history = history == null ? List.of() : List.copyOf(history);
            comment = comment == null ? "" : comment;
            dockerVersion = dockerVersion == null ? "" : dockerVersion;
        }
    }

    private ImageConfig(byte[] raw, Document document) {
        this.raw = raw;
        this.id = Digest.sha256Of(raw);
        this.document = document;
    }

    /**
     * Reads a config blob and keeps its bytes. Like Docker, refuses a config without {@code rootfs}
     * ({@code invalid image JSON, no RootFS key}).
     */
    public static ImageConfig parse(byte[] json) {
        byte[] copy = json.clone();
        Document document = OciJson.read(copy, Document.class, "image config");
        if (document.rootfs() == null) {
            throw EngineException.invalidArgument("invalid image JSON, no RootFS key");
        }
        return new ImageConfig(copy, document);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this config's fields (for commit and build steps). */
    public Builder toBuilder() {
        return new Builder(document);
    }

    /** The image ID: sha256 of {@link #rawJson()}. */
    public Digest id() {
        return id;
    }

    /** A copy of the exact bytes. */
    public byte[] rawJson() {
        return raw.clone();
    }

    /** The length of {@link #rawJson()}, the size in the config's descriptor. */
    public int size() {
        return raw.length;
    }

    /** The descriptor a manifest uses to point at this config ({@code MediaTypes.OCI_CONFIG} or Docker's). */
    public Descriptor descriptor(String mediaType) {
        return Descriptor.of(mediaType, id, raw.length);
    }

    /** When the image was created (RFC 3339, as written); empty if not stated. */
    public String created() {
        return document.created();
    }

    public Optional<Instant> createdInstant() {
        return Timestamps.parse(document.created());
    }

    public String author() {
        return document.author();
    }

    public String architecture() {
        return document.architecture();
    }

    public String os() {
        return document.os();
    }

    public String osVersion() {
        return document.osVersion();
    }

    public List<String> osFeatures() {
        return document.osFeatures();
    }

    public String variant() {
        return document.variant();
    }

    /** os, architecture, variant, os.version and os.features as a {@link Platform}. */
    public Platform platform() {
        return new Platform(document.architecture(), document.os(), document.osVersion(), document.osFeatures(),
                document.variant());
    }

    /** The container defaults; {@link ContainerConfig#EMPTY} if the config has none. */
    public ContainerConfig config() {
        return document.config();
    }

    public RootFs rootfs() {
        return document.rootfs();
    }

    /** The layers' diff IDs, bottom first. */
    public List<Digest> diffIds() {
        return document.rootfs().diffIds();
    }

    public List<History> history() {
        return document.history();
    }

    /** Docker's image comment ({@code docker commit -m}, {@code docker import -m}). */
    public String comment() {
        return document.comment();
    }

    public String dockerVersion() {
        return document.dockerVersion();
    }

    /** Equal when the bytes are equal, that is when the image IDs are. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ImageConfig other && Arrays.equals(raw, other.raw);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "ImageConfig[" + id + " " + platform().format() + ", " + diffIds().size() + " layers]";
    }

    /** Builds a new config, whose bytes are this module's serialisation. Not thread-safe. */
    public static final class Builder {
        private String created = "";
        private String author = "";
        private String architecture = "";
        private String os = "";
        private String osVersion = "";
        private List<String> osFeatures = List.of();
        private String variant = "";
        private ContainerConfig config = ContainerConfig.EMPTY;
        private RootFs rootfs = RootFs.layers(List.of());
        private final List<History> history = new ArrayList<>();
        private String comment = "";
        private String dockerVersion = "";

        private Builder() {}

        private Builder(Document d) {
            created = d.created();
            author = d.author();
            architecture = d.architecture();
            os = d.os();
            osVersion = d.osVersion();
            osFeatures = d.osFeatures();
            variant = d.variant();
            config = d.config();
            rootfs = d.rootfs();
            history.addAll(d.history());
            comment = d.comment();
            dockerVersion = d.dockerVersion();
        }

        public Builder created(Instant value) {
            created = Timestamps.format(value);
            return this;
        }

        public Builder author(String value) {
            author = value;
            return this;
        }

        /** Sets os, architecture, variant, os.version and os.features from {@code platform}. */
        public Builder platform(Platform platform) {
            architecture = platform.architecture();
            os = platform.os();
            variant = platform.variant();
            osVersion = platform.osVersion();
            osFeatures = platform.osFeatures();
            return this;
        }

        public Builder config(ContainerConfig value) {
            config = value;
            return this;
        }

        public Builder rootfs(RootFs value) {
            rootfs = value;
            return this;
        }

        /** Adds a layer on top and the history step that made it. */
        public Builder addLayer(Digest diffId, History step) {
            if (step.emptyLayer()) {
                throw EngineException.invalidArgument("history of a layer marked empty_layer");
            }
            rootfs = rootfs.withLayer(diffId);
            history.add(step);
            return this;
        }

        /** Adds a history step; one that made no layer must say {@code emptyLayer}. */
        public Builder addHistory(History step) {
            history.add(step);
            return this;
        }

        public Builder history(List<History> steps) {
            history.clear();
            history.addAll(steps);
            return this;
        }

        public Builder comment(String value) {
            comment = value;
            return this;
        }

        public Builder dockerVersion(String value) {
            dockerVersion = value;
            return this;
        }

        public ImageConfig build() {
            Document document = new Document(created, author, architecture, os, osVersion, osFeatures, variant,
                    config, rootfs, history, comment, dockerVersion);
            return new ImageConfig(OciJson.write(document), document);
        }
    }
}
