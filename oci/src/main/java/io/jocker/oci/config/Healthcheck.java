package io.jocker.oci.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Duration;
import java.util.List;

/**
 * Docker's {@code HEALTHCHECK} as stored in an image config. {@code test} is {@code ["NONE"]}
 * (disabled), {@code ["CMD", args...]} or {@code ["CMD-SHELL", command]}, empty to inherit. Durations
 * are nanoseconds, as Go's {@code time.Duration} is written; 0 means inherit or the default.
 * Immutable; thread-safe.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"Test", "Interval", "Timeout", "StartPeriod", "StartInterval", "Retries"})
public record Healthcheck(
        @JsonProperty("Test") List<String> test,
        @JsonProperty("Interval") @JsonInclude(JsonInclude.Include.NON_DEFAULT) long intervalNanos,
        @JsonProperty("Timeout") @JsonInclude(JsonInclude.Include.NON_DEFAULT) long timeoutNanos,
        @JsonProperty("StartPeriod") @JsonInclude(JsonInclude.Include.NON_DEFAULT) long startPeriodNanos,
        @JsonProperty("StartInterval") @JsonInclude(JsonInclude.Include.NON_DEFAULT) long startIntervalNanos,
        @JsonProperty("Retries") @JsonInclude(JsonInclude.Include.NON_DEFAULT) int retries) {

    public Healthcheck {
        test = test == null ? List.of() : List.copyOf(test);
    }

    @JsonIgnore
    public Duration interval() {
        return Duration.ofNanos(intervalNanos);
    }

    @JsonIgnore
    public Duration timeout() {
        return Duration.ofNanos(timeoutNanos);
    }

    @JsonIgnore
    public Duration startPeriod() {
        return Duration.ofNanos(startPeriodNanos);
    }

    @JsonIgnore
    public Duration startInterval() {
        return Duration.ofNanos(startIntervalNanos);
    }
}
