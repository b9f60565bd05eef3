package io.jocker.oci.manifest;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import io.jocker.common.error.EngineException;
import io.jocker.oci.json.OciJson;
import io.jocker.oci.mediatype.MediaTypes;
import java.util.List;
import java.util.Map;

/**
 * An image manifest: the config blob and the layers, bottom first. One record serves the OCI image
 * manifest and Docker's schema2 manifest (same fields; Docker's always states its {@code
 * mediaType}). {@code subject} and {@code artifactType} are OCI 1.1 (referrers); {@code subject} is
 * null when absent. Immutable; thread-safe.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"schemaVersion", "mediaType", "artifactType", "config", "layers", "subject", "annotations"})
public record ImageManifest(
        @JsonProperty("schemaVersion") @JsonInclude(JsonInclude.Include.ALWAYS) int schemaVersion,
        @JsonProperty("mediaType") String mediaType,
        @JsonProperty("artifactType") String artifactType,
        @JsonProperty("config") Descriptor config,
        @JsonProperty("layers") @JsonInclude(JsonInclude.Include.ALWAYS) List<Descriptor> layers,
        @JsonProperty("subject") Descriptor subject,
        @JsonProperty("annotations") Map<String, String> annotations) {

    public ImageManifest {
        mediaType = mediaType == null ? "" : mediaType;
        artifactType = artifactType == null ? "" : artifactType;
        layers = layers == null ? List.of() : List.copyOf(layers);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    /** An OCI image manifest. */
    public static ImageManifest oci(Descriptor config, List<Descriptor> layers) {
        return new ImageManifest(2, MediaTypes.OCI_MANIFEST, "", config, layers, null, Map.of());
    }

    /** A Docker schema2 manifest. */
    public static ImageManifest docker(Descriptor config, List<Descriptor> layers) {
        return new ImageManifest(2, MediaTypes.DOCKER_MANIFEST, "", config, layers, null, Map.of());
    }

    /**
     * Reads a manifest and checks it is one: schema version 2, a config, a manifest media type if it
     * states one, and no {@code manifests} list (an index served under a manifest type, which
     * containerd refuses too).
     */
    public static ImageManifest parse(byte[] json) {
        JsonNode tree = OciJson.readTree(json, "image manifest");
        if (tree.has("manifests")) {
            throw EngineException.invalidArgument("expected an image manifest but found an index");
        }
        ImageManifest manifest = OciJson.convert(tree, ImageManifest.class, "image manifest");
        if (manifest.schemaVersion() != 2) {
            throw EngineException.invalidArgument("unsupported image manifest schema version " + manifest.schemaVersion());
        }
        if (!manifest.mediaType().isEmpty() && !MediaTypes.isManifest(manifest.mediaType())) {
            throw EngineException.invalidArgument("expected an image manifest but found media type " + manifest.mediaType());
        }
        if (manifest.config() == null) {
            throw EngineException.invalidArgument("invalid image manifest: no config");
        }
        return manifest;
    }

    /** The compact JSON form, whose sha256 is the digest of a manifest we push. */
    public byte[] toJson() {
        return OciJson.write(this);
    }

    /** Whether this is Docker's schema2 form (its media type says so). */
    @JsonIgnore
    public boolean isDocker() {
        return MediaTypes.base(mediaType).equals(MediaTypes.DOCKER_MANIFEST);
    }
}
