package io.jocker.oci.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.jocker.oci.digest.Digest;
import java.util.ArrayList;
import java.util.List;

/**
 * The config's {@code rootfs}: the diff IDs of the layers, bottom first. {@code type} is always
 * {@code layers} in valid images. Immutable; thread-safe.
 */
@JsonPropertyOrder({"type", "diff_ids"})
public record RootFs(@JsonProperty("type") String type, @JsonProperty("diff_ids") List<Digest> diffIds) {
    public static final String TYPE_LAYERS = "layers";

    public RootFs {
        type = type == null ? "" : type;
        diffIds = diffIds == null ? List.of() : List.copyOf(diffIds);
    }

    /** A {@code layers} rootfs with these diff IDs. */
    public static RootFs layers(List<Digest> diffIds) {
        return new RootFs(TYPE_LAYERS, diffIds);
    }

    /** A copy with {@code diffId} added on top. */
    public RootFs withLayer(Digest diffId) {
        List<Digest> ids = new ArrayList<>(diffIds);
        ids.add(diffId);
        return new RootFs(type, ids);
    }
}
