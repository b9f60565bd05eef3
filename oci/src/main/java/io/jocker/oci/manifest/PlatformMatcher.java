package io.jocker.oci.manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * containerd's platform matchers. A strict matcher accepts one platform; an "only" matcher is an
 * ordered list of strict matchers, best first (the platform itself, then older variants, then
 * compatible architectures), and a candidate's rank is the index of the first one that accepts it.
 * Immutable; thread-safe.
 */
final class PlatformMatcher {
    /** For each arm64 variant, the majors it implements and the newest minor of each. */
    private static final Map<String, int[][]> ARM64_VERSIONS = arm64Versions();

    private final List<Predicate<Platform>> matchers;

    private PlatformMatcher(List<Predicate<Platform>> matchers) {
        this.matchers = matchers;
    }

    /** containerd's {@code Only}: the platform and what it can also run, best first. */
    static PlatformMatcher only(Platform platform) {
        List<Predicate<Platform>> matchers = new ArrayList<>();
        for (Platform p : vector(platform.normalize())) {
            matchers.add(strict(p));
        }
        return new PlatformMatcher(List.copyOf(matchers));
    }

    /** The index of the first matcher accepting {@code candidate}, or -1. */
    int rank(Platform candidate) {
        for (int i = 0; i < matchers.size(); i++) {
            if (matchers.get(i).test(candidate)) {
                return i;
            }
        }
        return -1;
    }

    /** containerd's {@code NewMatcher}. */
    static Predicate<Platform> strict(Platform platform) {
        Platform wanted = platform.normalize();
        if (!platform.os().equals("windows")) {
            return candidate -> matchesNormalized(wanted, candidate);
        }
        WindowsVersion hostVersion = WindowsVersion.parse(platform.osVersion());
        return candidate -> {
            // Hosts do not declare win32k, images may: ignore it when matching.
            List<String> features = candidate.osFeatures();
            if (features.contains("win32k")) {
                List<String> stripped = new ArrayList<>(features);
                stripped.remove("win32k");
                candidate = new Platform(candidate.architecture(), candidate.os(), candidate.osVersion(),
                        stripped, candidate.variant());
            }
            return matchesNormalized(wanted, candidate) && hostVersion.canRun(candidate.osVersion());
        };
    }

    private static boolean matchesNormalized(Platform wanted, Platform candidate) {
        Platform n = candidate.normalize();
        if (!wanted.os().equals(n.os())
                || !wanted.architecture().equals(n.architecture())
                || !wanted.variant().equals(n.variant())) {
            return false;
        }
        // Both feature lists are sorted without duplicates: the candidate's must be a subset.
        return wanted.osFeatures().containsAll(n.osFeatures());
    }

    /** containerd's {@code platformVector}, for a normalised platform. */
    static List<Platform> vector(Platform platform) {
        List<Platform> vector = new ArrayList<>();
        vector.add(platform);
        switch (platform.architecture()) {
            case "amd64" -> {
                int version = versionNumber(platform.variant());
                for (int v = version - 1; version > 1 && v >= 1; v--) {
                    vector.add(with(platform, "amd64", "v" + v));
                }
                vector.add(with(platform, "386", ""));
            }
            case "arm" -> {
                int version = versionNumber(platform.variant());
                for (int v = version - 1; version > 5 && v >= 5; v--) {
                    vector.add(with(platform, "arm", "v" + v));
                }
            }
            case "arm64" -> {
                String variant = platform.variant().isEmpty() ? "v8" : platform.variant();
                vector.clear();
                int[][] versions = ARM64_VERSIONS.get(variant);
                if (versions == null) {
                    // An arm64 variant containerd does not know matches nothing, not even itself.
                    break;
                }
                for (int[] majorAndMinor : versions) {
                    int major = majorAndMinor[0];
                    for (int minor = majorAndMinor[1]; minor >= 0; minor--) {
                        vector.add(with(platform, "arm64", minor == 0 ? "v" + major : "v" + major + "." + minor));
                    }
                }
                String armVariant = variant.startsWith("v8") || variant.startsWith("v9") ? "v8" : variant;
                vector.addAll(vector(with(platform, "arm", armVariant)));
            }
            default -> {
                // Other architectures run only themselves.
            }
        }
        return vector;
    }

    private static int versionNumber(String variant) {
        String digits = variant.startsWith("v") ? variant.substring(1) : variant;
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return -1; // Go's Atoi failing: no older variants.
        }
    }

    private static Platform with(Platform p, String architecture, String variant) {
        return new Platform(architecture, p.os(), p.osVersion(), p.osFeatures(), variant);
    }

    private static Map<String, int[][]> arm64Versions() {
        var versions = new java.util.HashMap<String, int[][]>();
        for (int minor = 0; minor <= 9; minor++) {
            versions.put("v8." + minor, new int[][] {{8, minor}});
        }
        versions.put("v8", new int[][] {{8, 0}});
        // Armv9.x implements Armv8.(x+5), capped at 8.9.
        for (int minor = 0; minor <= 7; minor++) {
            versions.put("v9." + minor, new int[][] {{9, minor}, {8, Math.min(minor + 5, 9)}});
        }
        versions.put("v9", new int[][] {{9, 0}, {8, 5}});
        return Map.copyOf(versions);
    }
}
