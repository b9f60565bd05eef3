package io.jocker.oci.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import io.jocker.common.error.EngineException;
import io.jocker.oci.json.OciJson;
import io.jocker.oci.mediatype.MediaTypes;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An index of manifests, each for a platform: the OCI image index and Docker's manifest list share
 * this shape. Also the {@code index.json} of an OCI layout. {@code subject} is null when absent.
 * Immutable; thread-safe.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"schemaVersion", "mediaType", "artifactType", "manifests", "subject", "annotations"})
public record ImageIndex(
        @JsonProperty("schemaVersion") @JsonInclude(JsonInclude.Include.ALWAYS) int schemaVersion,
        @JsonProperty("mediaType") String mediaType,
        @JsonProperty("artifactType") String artifactType,
        @JsonProperty("manifests") @JsonInclude(JsonInclude.Include.ALWAYS) List<Descriptor> manifests,
        @JsonProperty("subject") Descriptor subject,
        @JsonProperty("annotations") Map<String, String> annotations) {

    public ImageIndex {
        mediaType = mediaType == null ? "" : mediaType;
        artifactType = artifactType == null ? "" : artifactType;
        manifests = manifests == null ? List.of() : List.copyOf(manifests);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    /** An OCI image index. */
    public static ImageIndex oci(List<Descriptor> manifests) {
        return new ImageIndex(2, MediaTypes.OCI_INDEX, "", manifests, null, Map.of());
    }

    /** A Docker manifest list. */
    public static ImageIndex docker(List<Descriptor> manifests) {
        return new ImageIndex(2, MediaTypes.DOCKER_MANIFEST_LIST, "", manifests, null, Map.of());
    }

    /**
     * Reads an index and checks it is one: schema version 2, an index media type if it states one,
     * and no {@code config} or {@code layers} (a manifest served under an index type).
     */
    public static ImageIndex parse(byte[] json) {
        JsonNode tree = OciJson.readTree(json, "image index");
        if (tree.has("config") || tree.has("layers") || tree.has("fsLayers")) {
            throw EngineException.invalidArgument("expected an image index but found a manifest");
        }
        ImageIndex index = OciJson.convert(tree, ImageIndex.class, "image index");
        if (index.schemaVersion() != 2) {
            throw EngineException.invalidArgument("unsupported image index schema version " + index.schemaVersion());
        }
        if (!index.mediaType().isEmpty() && !MediaTypes.isIndex(index.mediaType())) {
            throw EngineException.invalidArgument("expected an image index but found media type " + index.mediaType());
        }
        return index;
    }

    /** The compact JSON form, whose sha256 is the digest of an index we push. */
    public byte[] toJson() {
        return OciJson.write(this);
    }

    /** The manifest a host of {@code wanted} should pull; see {@link Platform#bestMatch}. */
    public Optional<Descriptor> bestMatch(Platform wanted) {
        return Platform.bestMatch(manifests, wanted);
    }
}
