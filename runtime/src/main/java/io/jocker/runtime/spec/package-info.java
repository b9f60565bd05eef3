/**
 * Pure generation of the OCI runtime spec ({@code config.json}) for a container, following
 * Docker's defaults: namespaces, mounts, masked and read-only paths, capabilities, rlimits, cgroup
 * resources and a seccomp profile. Nothing here touches the host; every host fact (bounding
 * capabilities, hard rlimits, cgroup version, network namespace path, resolved user) arrives in
 * {@link io.jocker.runtime.spec.ContainerSpecInput}.
 *
 * <p>Shapes and field names follow the runtime spec
 * (https://github.com/opencontainers/runtime-spec/blob/main/config.md and config-linux.md).
 */
package io.jocker.runtime.spec;
