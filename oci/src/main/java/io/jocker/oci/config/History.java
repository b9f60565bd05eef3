package io.jocker.oci.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Optional;

/**
 * One step of an image's history, as {@code docker history} lists it. {@code emptyLayer} marks steps
 * that added no layer (ENV, CMD...), so history entries and diff IDs line up only over the non-empty
 * ones. {@code created} is kept as written (RFC 3339); empty when absent. Immutable; thread-safe.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"created", "created_by", "author", "comment", "empty_layer"})
public record History(
        @JsonProperty("created") String created,
        @JsonProperty("created_by") String createdBy,
        @JsonProperty("author") String author,
        @JsonProperty("comment") String comment,
        @JsonProperty("empty_layer") @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean emptyLayer) {

    public History {
        created = Timestamps.check(created, "history created");
        createdBy = createdBy == null ? "" : createdBy;
        author = author == null ? "" : author;
        comment = comment == null ? "" : comment;
    }

    /** A step made at {@code created} by {@code createdBy}. */
    public static History of(Instant created, String createdBy, boolean emptyLayer) {
        return new History(Timestamps.format(created), createdBy, "", "", emptyLayer);
    }

    /** {@link #created()} as an instant, if present. */
    @JsonIgnore
    public Optional<Instant> createdInstant() {
        return Timestamps.parse(created);
    }
}
