package io.jocker.runtime.oci;

import java.util.Objects;

/**
 * What {@code runtime state} reports (OCI runtime spec "state"): one of {@code creating},
 * {@code created}, {@code running}, {@code stopped} (runc may also say {@code paused}); {@code pid}
 * is 0 once the process is gone.
 */
public record RuntimeState(String id, String status, int pid, String bundle) {
    public RuntimeState {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
    }
}
