package io.jocker.api.types.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One object of a progress stream (load, import, pull, push, build), each followed by CRLF: a line
 * of output ({@code stream}), a status, or an error that ends the stream after the 200 went out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StreamMessage(@JsonProperty("stream") String stream, @JsonProperty("status") String status,
        @JsonProperty("errorDetail") ErrorDetail errorDetail, @JsonProperty("error") String error) {

    public record ErrorDetail(@JsonProperty("message") String message) {}

    public static StreamMessage stream(String text) {
        return new StreamMessage(text, null, null, null);
    }

    public static StreamMessage status(String text) {
        return new StreamMessage(null, text, null, null);
    }

    public static StreamMessage error(String message) {
        return new StreamMessage(null, null, new ErrorDetail(message), message);
    }
}
