package io.jocker.daemon.container;

import io.jocker.engine.container.ContainerRecord;
import io.jocker.engine.container.ContainerSpec;
import io.jocker.engine.container.HostSettings;
import io.jocker.runtime.spec.ContainerSpecInput;

/**
 * The spec generator's create options from a container record. The record's config is already
 * merged over the image's (the engine does that at create), so the generator's image defaults stay
 * empty and this is the only source of command, env and working directory. Stateless.
 */
final class SpecOptions {
    private SpecOptions() {}

    /**
     * The container's hostname: the engine filled it in at create (the short ID, or the host's with
     * {@code --network host}); records of before that fall back to the short ID.
     */
    static String hostname(ContainerRecord record) {
        String given = record.config().hostname();
        return given == null || given.isEmpty() ? record.shortId() : given;
    }

    static ContainerSpecInput.CreateOptions of(ContainerRecord record) {
        ContainerSpec c = record.config();
        HostSettings h = record.hostConfig();
        HostSettings.Resources r = h.resources();
        ContainerSpecInput.CreateOptions.Builder o = ContainerSpecInput.CreateOptions.builder()
                .tty(c.tty())
                .hostname(hostname(record))
                .readonlyRootfs(h.readonlyRootfs())
                .privileged(h.privileged())
                .init(h.init())
                .oomScoreAdj(h.oomScoreAdj())
                .memory(r.memory())
                .memorySwap(r.memorySwap())
                .memoryReservation(r.memoryReservation())
                .cpuShares(r.cpuShares())
                .nanoCpus(r.nanoCpus())
                .cpuQuota(r.cpuQuota())
                .cpuPeriod(r.cpuPeriod())
                .cpusetCpus(r.cpusetCpus())
                .pidsLimit(r.pidsLimit())
                .blkioWeight(r.blkioWeight())
                .oomKillDisable(r.oomKillDisable());
        if (h.shmSize() > 0) {
            o.shmSize(h.shmSize());
        }
        if (c.cmd() != null) {
            o.cmd(c.cmd().toArray(String[]::new));
        }
        if (c.entrypoint() != null) {
            o.entrypoint(c.entrypoint().toArray(String[]::new));
        }
        if (c.env() != null) {
            o.env(c.env().toArray(String[]::new));
        }
        if (c.workingDir() != null && !c.workingDir().isEmpty()) {
            o.workingDir(c.workingDir());
        }
        if (h.capAdd() != null) {
            o.capAdd(h.capAdd().toArray(String[]::new));
        }
        if (h.capDrop() != null) {
            o.capDrop(h.capDrop().toArray(String[]::new));
        }
        if (h.securityOpt() != null) {
            o.securityOpt(h.securityOpt().toArray(String[]::new));
        }
        if (h.tmpfs() != null) {
            h.tmpfs().forEach(o::tmpfs);
        }
        if (h.sysctls() != null) {
            h.sysctls().forEach(o::sysctl);
        }
        for (HostSettings.Ulimit u : r.ulimits()) {
            o.ulimit(u.name(), u.soft(), u.hard());
        }
        return o.build();
    }
}
