package io.jocker.api.types.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** One item of {@code GET /images/{name}/history}, newest first. */
public record HistoryItem(
        @JsonProperty("Id") String id,
        @JsonProperty("Created") long created,
        @JsonProperty("CreatedBy") String createdBy,
        @JsonProperty("Tags") @JsonInclude(JsonInclude.Include.ALWAYS) List<String> tags,
        @JsonProperty("Size") long size,
        @JsonProperty("Comment") String comment) {}
