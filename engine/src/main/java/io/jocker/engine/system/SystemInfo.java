package io.jocker.engine.system;

import io.jocker.linux.host.HostFacts;
import java.time.Instant;
import java.util.List;

/**
 * A snapshot of everything {@code /info} and {@code /version} report. Immutable.
 *
 * @param identity the engine's stable ID
 * @param version the engine's versions
 * @param host facts about the machine
 * @param settings the daemon's settings
 * @param counts containers and images
 * @param backingFilesystem the filesystem under the data root, in Docker's words ("extfs", "xfs")
 * @param securityOptions what the engine applies to containers, as "name=...,key=value" strings
 * @param warnings what a user should know about this host
 * @param eventListeners how many clients follow {@code /events}
 * @param systemTime when the snapshot was taken
 */
public record SystemInfo(EngineIdentity identity, EngineVersion version, HostFacts host, EngineSettings settings,
        ObjectCounts counts, String backingFilesystem, List<String> securityOptions, List<String> warnings,
        int eventListeners, Instant systemTime) {

    public SystemInfo {
        securityOptions = List.copyOf(securityOptions);
        warnings = List.copyOf(warnings);
    }
}
