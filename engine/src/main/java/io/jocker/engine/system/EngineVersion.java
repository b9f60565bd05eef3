package io.jocker.engine.system;

/**
 * The versions the engine reports.
 *
 * @param jocker jocker's own version (from the build)
 * @param engine the Docker Engine version whose API we implement; clients such as Testcontainers
 *     compare it numerically, so it must look like Docker's
 * @param apiVersion the newest Engine API version served
 * @param minApiVersion the oldest Engine API version served
 * @param gitCommit the commit jocker was built from, or "unknown"
 * @param javaVersion the Java runtime serving the API (reported where dockerd reports its Go version)
 */
public record EngineVersion(String jocker, String engine, String apiVersion, String minApiVersion, String gitCommit,
        String javaVersion) {}
