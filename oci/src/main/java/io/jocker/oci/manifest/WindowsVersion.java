package io.jocker.oci.manifest;

/**
 * A Windows os.version ({@code major.minor.build[.revision]}) and containerd's rule for which
 * container builds a Windows host runs: the same build before Windows Server 2022; from 2022 on, any
 * build from the newest long-term release the host is newer than up to the host's own. Immutable.
 */
record WindowsVersion(int major, int minor, int build) {
    private static final int LTSC2022 = 20348;
    private static final int[] COMPAT_LTSC_RELEASES = {LTSC2022, 26100};

    /** Parses the first three numbers; anything else is the empty version, which matches all. */
    static WindowsVersion parse(String osVersion) {
        String[] parts = osVersion.split("\\.", -1);
        if (parts.length < 3) {
            return new WindowsVersion(0, 0, 0);
        }
        for (int i = 0; i < 3; i++) {
            if (!parts[i].matches("[0-9]+")) {
                return new WindowsVersion(0, 0, 0);
            }
        }
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = Integer.parseInt(parts[1]);
            int build = Integer.parseInt(parts[2]);
            if (major < 0 || major > 255 || minor < 0 || minor > 255 || build < 0 || build > 65535) {
                return new WindowsVersion(0, 0, 0);
            }
            return new WindowsVersion(major, minor, build);
        } catch (NumberFormatException e) {
            return new WindowsVersion(0, 0, 0);
        }
    }

    boolean isEmpty() {
        return major == 0 && minor == 0 && build == 0;
    }

    /** Whether a host of this version runs a container whose os.version is {@code containerVersion}. */
    boolean canRun(String containerVersion) {
        if (isEmpty() || containerVersion.isEmpty()) {
            return true;
        }
        WindowsVersion container = parse(containerVersion);
        if (major != container.major || minor != container.minor) {
            return false;
        }
        if (build < LTSC2022) {
            return build == container.build;
        }
        int supported = LTSC2022;
        for (int i = COMPAT_LTSC_RELEASES.length - 1; i >= 0; i--) {
            if (build > COMPAT_LTSC_RELEASES[i]) {
                supported = COMPAT_LTSC_RELEASES[i];
                break;
            }
        }
        return supported <= container.build && container.build <= build;
    }
}
