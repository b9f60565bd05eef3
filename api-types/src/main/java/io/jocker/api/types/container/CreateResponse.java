package io.jocker.api.types.container;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code 201 {"Id":"<64hex>","Warnings":[]}}. */
public record CreateResponse(@JsonProperty("Id") String id, @JsonProperty("Warnings") List<String> warnings) {}
