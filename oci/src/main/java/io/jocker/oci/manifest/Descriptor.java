package io.jocker.oci.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.jocker.common.error.EngineException;
import io.jocker.oci.digest.Digest;
import java.util.List;
import java.util.Map;

/**
 * A pointer to a blob: its media type, digest and size, plus optional download URLs, annotations,
 * the platform it is for (in an index) and an artifact type. Absent strings are empty, absent lists
 * and maps empty, an absent platform null. Immutable; thread-safe.
 *
 * <p>The spec's {@code data} field (embedded content) is not kept; a descriptor read with it and
 * written back loses it, which is harmless because documents are never re-serialised for digests.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"mediaType", "digest", "size", "urls", "annotations", "platform", "artifactType"})
public record Descriptor(
        @JsonProperty("mediaType") @JsonInclude(JsonInclude.Include.ALWAYS) String mediaType,
        @JsonProperty("digest") Digest digest,
        @JsonProperty("size") @JsonInclude(JsonInclude.Include.ALWAYS) long size,
        @JsonProperty("urls") List<String> urls,
        @JsonProperty("annotations") Map<String, String> annotations,
        @JsonProperty("platform") Platform platform,
        @JsonProperty("artifactType") String artifactType) {

    /** The annotation naming the tag of a manifest in an OCI layout's index. */
    public static final String ANNOTATION_REF_NAME = "org.opencontainers.image.ref.name";

    public Descriptor {
        mediaType = mediaType == null ? "" : mediaType;
        if (digest == null) {
            throw EngineException.invalidArgument("descriptor has no digest");
        }
        if (size < 0) {
            throw EngineException.invalidArgument("descriptor " + digest + " has a negative size");
        }
        urls = urls == null ? List.of() : List.copyOf(urls);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        artifactType = artifactType == null ? "" : artifactType;
    }

    /** A descriptor with only the three required fields. */
    public static Descriptor of(String mediaType, Digest digest, long size) {
        return new Descriptor(mediaType, digest, size, List.of(), Map.of(), null, "");
    }

    /** A copy for {@code platform}, as an index entry. */
    public Descriptor withPlatform(Platform newPlatform) {
        return new Descriptor(mediaType, digest, size, urls, annotations, newPlatform, artifactType);
    }

    /** A copy with {@code newAnnotations} replacing the annotations. */
    public Descriptor withAnnotations(Map<String, String> newAnnotations) {
        return new Descriptor(mediaType, digest, size, urls, newAnnotations, platform, artifactType);
    }
}
