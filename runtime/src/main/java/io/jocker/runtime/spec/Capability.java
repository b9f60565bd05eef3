package io.jocker.runtime.spec;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A Linux capability with its bit number (linux/capability.h). {@link #toString} gives the OCI
 * name, {@code CAP_CHOWN}.
 */
public enum Capability {
    CHOWN(0), DAC_OVERRIDE(1), DAC_READ_SEARCH(2), FOWNER(3), FSETID(4), KILL(5), SETGID(6),
    SETUID(7), SETPCAP(8), LINUX_IMMUTABLE(9), NET_BIND_SERVICE(10), NET_BROADCAST(11),
    NET_ADMIN(12), NET_RAW(13), IPC_LOCK(14), IPC_OWNER(15), SYS_MODULE(16), SYS_RAWIO(17),
    SYS_CHROOT(18), SYS_PTRACE(19), SYS_PACCT(20), SYS_ADMIN(21), SYS_BOOT(22), SYS_NICE(23),
    SYS_RESOURCE(24), SYS_TIME(25), SYS_TTY_CONFIG(26), MKNOD(27), LEASE(28), AUDIT_WRITE(29),
    AUDIT_CONTROL(30), SETFCAP(31), MAC_OVERRIDE(32), MAC_ADMIN(33), SYSLOG(34), WAKE_ALARM(35),
    BLOCK_SUSPEND(36), AUDIT_READ(37), PERFMON(38), BPF(39), CHECKPOINT_RESTORE(40);

    /** Docker's default set (moby oci/caps/defaults.go); as a mask 0xa80425fb. */
    public static final Set<Capability> DOCKER_DEFAULTS =
            EnumSet.of(CHOWN, DAC_OVERRIDE, FSETID, FOWNER, MKNOD, NET_RAW, SETGID, SETUID, SETFCAP,
                    SETPCAP, NET_BIND_SERVICE, SYS_CHROOT, KILL, AUDIT_WRITE);

    private final int bit;

    Capability(int bit) {
        this.bit = bit;
    }

    public int bit() {
        return bit;
    }

    /** Parses {@code chown}, {@code CAP_CHOWN} (any case); empty when the name is unknown. */
    public static Optional<Capability> parse(String name) {
        String upper = name.trim().toUpperCase(Locale.ROOT);
        if (upper.startsWith("CAP_")) {
            upper = upper.substring(4);
        }
        try {
            return Optional.of(valueOf(upper));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // not a capability this enum knows
        }
    }

    /** The capabilities whose bits are set in {@code mask} (as in /proc/self/status CapBnd). */
    public static Set<Capability> fromMask(long mask) {
        Set<Capability> set = EnumSet.noneOf(Capability.class);
        for (Capability c : values()) {
            if ((mask & (1L << c.bit)) != 0) {
                set.add(c);
            }
        }
        return set;
    }

    /** The bit mask of {@code caps}, as the kernel shows it in CapEff. */
    public static long toMask(Collection<Capability> caps) {
        long mask = 0;
        for (Capability c : caps) {
            mask |= 1L << c.bit;
        }
        return mask;
    }

    /** OCI names of {@code caps} in bit order. */
    public static List<String> names(Collection<Capability> caps) {
        return EnumSet.copyOf(caps.isEmpty() ? EnumSet.noneOf(Capability.class) : caps).stream()
                .map(Capability::toString)
                .toList();
    }

    @Override
    public String toString() {
        return "CAP_" + name();
    }
}
