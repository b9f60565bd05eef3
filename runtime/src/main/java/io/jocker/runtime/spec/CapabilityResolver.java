package io.jocker.runtime.spec;

import io.jocker.common.error.EngineException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Applies {@code --cap-add}, {@code --cap-drop} and {@code --privileged} to Docker's default set,
 * as moby's {@code oci/caps.TweakCapabilities} does, except that "all capabilities" means the
 * daemon's own bounding set: a runtime cannot grant a capability the daemon does not hold
 * (host-recipes §2: CAP_SYS_RESOURCE fails with "operation not permitted"). Stateless.
 */
final class CapabilityResolver {
    static final String ALL = "ALL";

    private CapabilityResolver() {}

    static Set<Capability> resolve(
            List<String> adds, List<String> drops, boolean privileged, Set<Capability> daemonBounding) {
        if (privileged) {
            return EnumSet.copyOf(withNone(daemonBounding));
        }
        Normalized add = normalize(adds, daemonBounding, "CapAdd");
        Normalized drop = normalize(drops, daemonBounding, "CapDrop");
        Set<Capability> caps = EnumSet.noneOf(Capability.class);
        if (add.all) {
            caps.addAll(daemonBounding);
            caps.removeAll(drop.caps);
        } else if (drop.all) {
            caps.addAll(add.caps);
        } else {
            caps.addAll(Capability.DOCKER_DEFAULTS);
            caps.removeAll(drop.caps);
            caps.addAll(add.caps);
        }
        return caps;
    }

    private static Set<Capability> withNone(Set<Capability> set) {
        return set.isEmpty() ? EnumSet.noneOf(Capability.class) : set;
    }

    private record Normalized(boolean all, Set<Capability> caps) {}

    /** Docker's wording: moby oci/caps/utils.go NormalizeLegacyCapabilities, wrapped as "invalid CapAdd". */
    private static Normalized normalize(List<String> names, Set<Capability> daemonBounding, String field) {
        boolean all = false;
        Set<Capability> caps = EnumSet.noneOf(Capability.class);
        for (String raw : names) {
            String upper = raw.toUpperCase(Locale.ROOT);
            if (upper.equals(ALL)) {
                all = true;
                continue;
            }
            String full = upper.startsWith("CAP_") ? upper : "CAP_" + upper;
            Capability cap = Capability.parse(full)
                    .orElseThrow(() -> EngineException.invalidArgument(
                            "invalid " + field + ": unknown capability: \"" + full + "\""));
            if (!daemonBounding.contains(cap)) {
                throw EngineException.invalidArgument("invalid " + field
                        + ": capability not supported by your kernel or not available in the current environment: \""
                        + full + "\"");
            }
            caps.add(cap);
        }
        return new Normalized(all, caps);
    }
}
