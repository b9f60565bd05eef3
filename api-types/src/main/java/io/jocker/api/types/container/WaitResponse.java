package io.jocker.api.types.container;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** {@code {"Error":null,"StatusCode":3}}; on failure {@code {"Error":{"Message":"…"},"StatusCode":-1}}. */
@JsonPropertyOrder({"Error", "StatusCode"})
@JsonInclude(JsonInclude.Include.ALWAYS)
public record WaitResponse(@JsonProperty("Error") WaitError error, @JsonProperty("StatusCode") long statusCode) {
    public record WaitError(@JsonProperty("Message") String message) {}
}
