package io.jocker.api.types.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One item of {@code DELETE /images/{name}}: {@code {"Untagged": …}} or {@code {"Deleted": …}}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeleteItem(@JsonProperty("Untagged") String untagged, @JsonProperty("Deleted") String deleted) {}
