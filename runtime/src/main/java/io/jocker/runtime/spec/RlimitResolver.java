package io.jocker.runtime.spec;

import io.jocker.common.error.EngineException;
import io.jocker.runtime.spec.ContainerSpecInput.Ulimit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns {@code --ulimit} into {@code process.rlimits}.
 *
 * <p>Choice: a limit above the daemon's hard limit is <em>clamped</em> to it, not rejected. A
 * runtime cannot raise a hard limit (host-recipes §2: hard 20001 fails with "error setting rlimit
 * type 7: operation not permitted"), and images and compose files commonly ask for
 * {@code nofile=1048576}; Docker on a host with a higher limit would run them, so we run them with
 * the most the host allows. The soft limit is clamped to the (clamped) hard limit. A negative value
 * means unlimited and becomes the daemon's hard limit. Stateless.
 */
final class RlimitResolver {
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("as", "RLIMIT_AS"), Map.entry("core", "RLIMIT_CORE"), Map.entry("cpu", "RLIMIT_CPU"),
            Map.entry("data", "RLIMIT_DATA"), Map.entry("fsize", "RLIMIT_FSIZE"),
            Map.entry("locks", "RLIMIT_LOCKS"), Map.entry("memlock", "RLIMIT_MEMLOCK"),
            Map.entry("msgqueue", "RLIMIT_MSGQUEUE"), Map.entry("nice", "RLIMIT_NICE"),
            Map.entry("nofile", "RLIMIT_NOFILE"), Map.entry("nproc", "RLIMIT_NPROC"),
            Map.entry("rss", "RLIMIT_RSS"), Map.entry("rtprio", "RLIMIT_RTPRIO"),
            Map.entry("rttime", "RLIMIT_RTTIME"), Map.entry("sigpending", "RLIMIT_SIGPENDING"),
            Map.entry("stack", "RLIMIT_STACK"));

    private RlimitResolver() {}

    static List<RuntimeSpec.Rlimit> resolve(List<Ulimit> ulimits, Map<String, Long> daemonHard) {
        List<RuntimeSpec.Rlimit> out = new ArrayList<>();
        for (Ulimit u : ulimits) {
            String name = u.name().toLowerCase(Locale.ROOT);
            String type = TYPES.get(name);
            if (type == null) {
                // Docker's wording: go-units ParseUlimit
                throw EngineException.invalidArgument("invalid ulimit type: " + u.name());
            }
            if (u.soft() >= 0 && u.hard() >= 0 && u.soft() > u.hard()) {
                throw EngineException.invalidArgument("ulimit soft limit must be less than or equal to hard limit: "
                        + u.soft() + " > " + u.hard());
            }
            Long max = daemonHard.get(name);
            long hard = clamp(u.hard(), max, name);
            long soft = Math.min(clamp(u.soft(), max, name), hard);
            out.add(new RuntimeSpec.Rlimit(type, hard, soft));
        }
        return out;
    }

    private static long clamp(long value, Long max, String name) {
        if (value < 0) {
            if (max == null) {
                throw EngineException.invalidArgument("invalid ulimit " + name
                        + ": unlimited is not supported when the daemon's hard limit is unknown");
            }
            return max;
        }
        return max == null ? value : Math.min(value, max);
    }
}
