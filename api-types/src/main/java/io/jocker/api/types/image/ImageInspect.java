package io.jocker.api.types.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** {@code GET /images/{name}/json}. {@code Config} is the image config's container config as stored. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageInspect(
        @JsonProperty("Id") String id,
        @JsonProperty("RepoTags") @JsonInclude(JsonInclude.Include.ALWAYS) List<String> repoTags,
        @JsonProperty("RepoDigests") @JsonInclude(JsonInclude.Include.ALWAYS) List<String> repoDigests,
        @JsonProperty("Parent") @JsonInclude(JsonInclude.Include.ALWAYS) String parent,
        @JsonProperty("Comment") @JsonInclude(JsonInclude.Include.ALWAYS) String comment,
        @JsonProperty("Created") String created,
        @JsonProperty("DockerVersion") @JsonInclude(JsonInclude.Include.ALWAYS) String dockerVersion,
        @JsonProperty("Author") @JsonInclude(JsonInclude.Include.ALWAYS) String author,
        @JsonProperty("Config") JsonNode config,
        @JsonProperty("Architecture") String architecture,
        @JsonProperty("Variant") String variant,
        @JsonProperty("Os") String os,
        @JsonProperty("OsVersion") String osVersion,
        @JsonProperty("Size") long size,
        @JsonProperty("VirtualSize") Long virtualSize,
        @JsonProperty("GraphDriver") GraphDriver graphDriver,
        @JsonProperty("RootFS") RootFs rootFs,
        @JsonProperty("Metadata") Metadata metadata) {

    public record GraphDriver(@JsonProperty("Name") String name, @JsonProperty("Data") Map<String, String> data) {}

    public record RootFs(@JsonProperty("Type") String type, @JsonProperty("Layers") List<String> layers) {}

    public record Metadata(@JsonProperty("LastTagTime") String lastTagTime) {}
}
