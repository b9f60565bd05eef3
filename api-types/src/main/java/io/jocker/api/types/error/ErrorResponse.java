package io.jocker.api.types.error;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The body of every error answer: {@code {"message": "..."}}. */
public record ErrorResponse(@JsonProperty("message") String message) {}
