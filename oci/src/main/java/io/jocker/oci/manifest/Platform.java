package io.jocker.oci.manifest;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.jocker.common.error.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The platform an image runs on, as the OCI image index and config state it: {@code os}, {@code
 * architecture}, {@code variant}, {@code os.version}, {@code os.features}. Absent strings are empty,
 * never null. Immutable; thread-safe.
 *
 * <p>Normalisation, specifier parsing and matching follow containerd's {@code platforms} package:
 * {@code x86_64} is {@code amd64}, {@code aarch64} is {@code arm64} (whose default variant v8 is
 * written as no variant), {@code arm} without a variant is {@code arm/v7}, {@code armhf} is {@code
 * arm/v7}, {@code armel} is {@code arm/v6}, {@code i386} is {@code 386}, {@code macos} is {@code
 * darwin}. A host can also run older variants and compatible architectures: {@code linux/amd64}
 * selects {@code linux/386} when nothing better exists, {@code arm64} selects {@code arm/v8} to
 * {@code arm/v5}; see {@link #bestMatch}.
 *
 * <pre>{@code
 * Platform want = Platform.parse("linux/arm64");
 * Optional<Descriptor> chosen = Platform.bestMatch(index.manifests(), want);
 * }</pre>
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"architecture", "os", "os.version", "os.features", "variant"})
public record Platform(
        @JsonProperty("architecture") @JsonInclude(JsonInclude.Include.ALWAYS) String architecture,
        @JsonProperty("os") @JsonInclude(JsonInclude.Include.ALWAYS) String os,
        @JsonProperty("os.version") String osVersion,
        @JsonProperty("os.features") List<String> osFeatures,
        @JsonProperty("variant") String variant) {

    private static final Pattern SPECIFIER_COMPONENT = Pattern.compile("^[A-Za-z0-9_.-]+$");
    private static final Pattern OS_COMPONENT =
            Pattern.compile("^([A-Za-z0-9_-]+)(?:\\(([A-Za-z0-9_.%-]*)((?:\\+[A-Za-z0-9_.%-]+)*)\\))?$");
    private static final Set<String> KNOWN_OS =
            Set.of("aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js",
                    "linux", "nacl", "netbsd", "openbsd", "plan9", "solaris", "windows", "zos");
    private static final Set<String> KNOWN_ARCH =
            Set.of("386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be", "ppc64", "ppc64le",
                    "loong64", "mips", "mipsle", "mips64", "mips64le", "mips64p32", "mips64p32le", "ppc",
                    "riscv", "riscv64", "s390", "s390x", "sparc", "sparc64", "wasm");
    private static final Platform HOST =
            host(System.getProperty("os.name", ""), System.getProperty("os.arch", ""), Platform::procCpuArchitecture);

    public Platform {
        architecture = architecture == null ? "" : architecture;
        os = os == null ? "" : os;
        osVersion = osVersion == null ? "" : osVersion;
        osFeatures = osFeatures == null ? List.of() : List.copyOf(osFeatures);
        variant = variant == null ? "" : variant;
    }

    public static Platform of(String os, String architecture) {
        return new Platform(architecture, os, "", List.of(), "");
    }

    public static Platform of(String os, String architecture, String variant) {
        return new Platform(architecture, os, "", List.of(), variant);
    }

    /**
     * The platform this JVM runs on, named as Go names it ({@code linux/amd64}, {@code
     * linux/arm64/v8}); like containerd, the ARM variant comes from {@code /proc/cpuinfo}.
     */
    public static Platform host() {
        return HOST;
    }

    /** {@link #host()} from the given {@code os.name}, {@code os.arch} and cpuinfo reader. */
    static Platform host(String javaOsName, String javaOsArch, Supplier<String> cpuArchitecture) {
        String name = javaOsName.toLowerCase(Locale.ROOT);
        String os;
        if (name.startsWith("linux")) {
            os = "linux";
        } else if (name.startsWith("mac") || name.startsWith("darwin")) {
            os = "darwin";
        } else if (name.startsWith("windows")) {
            os = "windows";
        } else {
            os = name.replace(" ", "");
        }
        String arch =
                switch (javaOsArch.toLowerCase(Locale.ROOT)) {
                    case "amd64", "x86_64", "x86-64" -> "amd64";
                    case "aarch64", "arm64" -> "arm64";
                    case "x86", "i386", "i486", "i586", "i686" -> "386";
                    case "arm", "armv7l", "armv6l", "armhf", "armel" -> "arm";
                    case "loongarch64" -> "loong64";
                    case "mips64el" -> "mips64le";
                    case "mipsel" -> "mipsle";
                    default -> javaOsArch.toLowerCase(Locale.ROOT);
                };
        String variant = "";
        if (arch.equals("arm64") || arch.equals("arm")) {
            variant = cpuVariant(cpuArchitecture.get(), arch);
        }
        return new Platform(arch, os, "", List.of(), variant);
    }

    /** containerd's {@code getCPUVariant}: the "CPU architecture" line of cpuinfo to a variant. */
    static String cpuVariant(String cpuArchitecture, String arch) {
        if (cpuArchitecture == null || cpuArchitecture.isEmpty()) {
            return arch.equals("arm64") ? "v8" : "v7";
        }
        return switch (cpuArchitecture.toLowerCase(Locale.ROOT)) {
            case "8", "aarch64" -> "v8";
            case "7", "7m", "?(12)", "?(13)", "?(14)", "?(15)", "?(16)", "?(17)" -> "v7";
            case "6", "6tej" -> "v6";
            case "5", "5t", "5te", "5tej" -> "v5";
            case "4", "4t" -> "v4";
            case "3" -> "v3";
            default -> "unknown";
        };
    }

    private static String procCpuArchitecture() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("CPU architecture")) {
                    return line.substring(colon + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // No cpuinfo (not Linux, or a sandbox): fall back to the architecture's usual variant.
        }
        return "";
    }

    /**
     * Parses a platform specifier as {@code docker --platform} takes it: {@code <os>|<arch>|
     * <os>/<arch>[/<variant>]}, the os optionally with {@code (<os.version>[+<feature>...])}. A lone
     * os takes the host's architecture and a lone architecture the host's os. Errors read as
     * containerd's.
     */
    public static Platform parse(String specifier) {
        if (specifier.contains("*")) {
            throw invalidSpecifier(quote(specifier) + ": wildcards not yet supported");
        }
        String[] parts = specifier.split("/", 4);
        String os = "";
        String osVersion = "";
        List<String> osFeatures = List.of();
        for (int i = 0; i < parts.length; i++) {
            if (i == 0) {
                Matcher m = OS_COMPONENT.matcher(parts[0]);
                if (!m.matches()) {
                    throw invalidSpecifier(quote(parts[0]) + " is an invalid OS component of " + quote(specifier)
                            + ": OSAndVersion specifier component must match " + quote(OS_COMPONENT.pattern()));
                }
                os = normalizeOs(m.group(1));
                String version = m.group(2) == null ? "" : m.group(2);
                osVersion = decodeOsOption(version, quote(specifier) + " has an invalid OS version " + quote(version));
                String features = m.group(3) == null ? "" : m.group(3);
                if (!features.isEmpty()) {
                    osFeatures = parseOsFeatures(features.substring(1), specifier);
                }
            } else if (!SPECIFIER_COMPONENT.matcher(parts[i]).matches()) {
                throw invalidSpecifier(quote(parts[i]) + " is an invalid component of " + quote(specifier)
                        + ": platform specifier component must match " + quote(SPECIFIER_COMPONENT.pattern()));
            }
        }
        switch (parts.length) {
            case 1 -> {
                Platform host = host();
                if (KNOWN_OS.contains(os)) {
                    String variant = host.architecture().equals("arm") && !host.variant().equals("v7")
                            ? host.variant() : "";
                    return new Platform(host.architecture(), os, osVersion, osFeatures, variant);
                }
                String[] arch = normalizeArch(parts[0], "");
                String variant = arch[0].equals("arm") && arch[1].equals("v7") ? "" : arch[1];
                if (KNOWN_ARCH.contains(arch[0])) {
                    return new Platform(arch[0], host.os(), osVersion, osFeatures, variant);
                }
                throw invalidSpecifier(quote(specifier) + ": unknown operating system or architecture");
            }
            case 2 -> {
                String[] arch = normalizeArch(parts[1], "");
                String variant = arch[0].equals("arm") && arch[1].equals("v7") ? "" : arch[1];
                return new Platform(arch[0], os, osVersion, osFeatures, variant);
            }
            case 3 -> {
                String[] arch = normalizeArch(parts[1], parts[2]);
                String variant = arch[0].equals("arm64") && arch[1].isEmpty() ? "v8" : arch[1];
                return new Platform(arch[0], os, osVersion, osFeatures, variant);
            }
            default -> throw invalidSpecifier(quote(specifier) + ": cannot parse platform specifier");
        }
    }

    private static List<String> parseOsFeatures(String joined, String specifier) {
        List<String> features = new ArrayList<>();
        for (String raw : joined.split("\\+", -1)) {
            String trimmed = raw.trim();
            if (trimmed.isEmpty()) {
                throw invalidSpecifier(quote(specifier) + " has invalid OS features: empty os feature");
            }
            String feature = decodeOsOption(trimmed,
                    quote(specifier) + " has invalid OS features: invalid os feature " + quote(trimmed));
            if (!feature.isEmpty()) {
                features.add(feature);
            }
        }
        return features;
    }

    /** Go's {@code url.PathUnescape}, used for {@code %2B} and friends in os.version and features. */
    private static String decodeOsOption(String value, String context) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        var out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%') {
                if (i + 2 >= value.length() || !isHex(value.charAt(i + 1)) || !isHex(value.charAt(i + 2))) {
                    String bad = value.substring(i, Math.min(i + 3, value.length()));
                    throw EngineException.invalidArgument(context + ": invalid URL escape " + quote(bad));
                }
                out.write(Integer.parseInt(value.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                byte[] bytes = String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                out.write(bytes, 0, bytes.length);
            }
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static EngineException invalidSpecifier(String message) {
        return EngineException.invalidArgument(message + ": invalid argument");
    }

    /** Go's %q for the plain strings found in specifiers. */
    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /**
     * containerd's {@code Normalize}: os and architecture aliases resolved, default variants made
     * explicit or dropped as containerd writes them (arm64 v8 and amd64 v1 dropped, arm v7 added),
     * os.features sorted without duplicates. An empty os becomes the host's.
     */
    public Platform normalize() {
        String[] arch = normalizeArch(architecture, variant);
        List<String> features = osFeatures.isEmpty() ? osFeatures : List.copyOf(new TreeSet<>(osFeatures));
        return new Platform(arch[0], normalizeOs(os), osVersion, features, arch[1]);
    }

    static String normalizeOs(String os) {
        if (os.isEmpty()) {
            return host().os();
        }
        String lower = os.toLowerCase(Locale.ROOT);
        return lower.equals("macos") ? "darwin" : lower;
    }

    static String[] normalizeArch(String architecture, String variant) {
        String arch = architecture.toLowerCase(Locale.ROOT);
        String v = variant.toLowerCase(Locale.ROOT);
        switch (arch) {
            case "i386" -> {
                arch = "386";
                v = "";
            }
            case "x86_64", "x86-64", "amd64" -> {
                arch = "amd64";
                if (v.equals("v1")) {
                    v = "";
                }
            }
            case "aarch64", "arm64" -> {
                arch = "arm64";
                v = switch (v) {
                    case "8", "v8", "v8.0" -> "";
                    case "9", "9.0", "v9.0" -> "v9";
                    default -> v;
                };
            }
            case "armhf" -> {
                arch = "arm";
                v = "v7";
            }
            case "armel" -> {
                arch = "arm";
                v = "v6";
            }
            case "arm" -> v = switch (v) {
                case "", "7" -> "v7";
                case "5", "6", "8" -> "v" + v;
                default -> v;
            };
            default -> {
                // Other architectures have no aliases.
            }
        }
        return new String[] {arch, v};
    }

    /**
     * Whether {@code candidate} is exactly this platform once both are normalised (containerd's
     * {@code NewMatcher}): same os, architecture and variant, candidate's os.features a subset of
     * ours; for Windows, a compatible os.version and {@code win32k} ignored.
     */
    public boolean matches(Platform candidate) {
        return PlatformMatcher.strict(this).test(candidate);
    }

    /**
     * Whether a host of this platform can run an image built for {@code candidate}: this platform or
     * an older variant or compatible architecture of it (containerd's {@code platforms.Only}).
     */
    public boolean canRun(Platform candidate) {
        return PlatformMatcher.only(this).rank(candidate) >= 0;
    }

    /**
     * The descriptor a host of platform {@code wanted} should pull from an index, as containerd (and
     * so Docker) selects it: among the descriptors whose platform {@link #canRun} accepts, the one
     * closest to {@code wanted} (exact before older variants before compatible architectures), then
     * the one declaring more os.features, then the first listed. Descriptors without a platform are
     * not candidates: deciding for them needs their config.
     */
    public static Optional<Descriptor> bestMatch(List<Descriptor> descriptors, Platform wanted) {
        PlatformMatcher matcher = PlatformMatcher.only(wanted);
        Descriptor best = null;
        int bestRank = Integer.MAX_VALUE;
        int bestFeatures = -1;
        for (Descriptor d : descriptors) {
            if (d.platform() == null) {
                continue;
            }
            int rank = matcher.rank(d.platform());
            if (rank < 0) {
                continue;
            }
            int features = d.platform().osFeatures().size();
            if (rank < bestRank || (rank == bestRank && features > bestFeatures)) {
                best = d;
                bestRank = rank;
                bestFeatures = features;
            }
        }
        return Optional.ofNullable(best);
    }

    /** {@code os/architecture[/variant]}, as Docker prints platforms; {@code unknown} without an os. */
    @JsonIgnore
    public String format() {
        if (os.isEmpty()) {
            return "unknown";
        }
        return join(os, architecture, variant);
    }

    /** {@link #format()} with os.version and os.features: {@code windows(10.0.17763+win32k)/amd64}. */
    @JsonIgnore
    public String formatAll() {
        if (os.isEmpty()) {
            return "unknown";
        }
        if (osVersion.isEmpty() && osFeatures.isEmpty()) {
            return format();
        }
        StringBuilder b = new StringBuilder(os);
        String version = encodeOsOption(osVersion);
        String features = new TreeSet<>(osFeatures).stream().filter(f -> !f.isEmpty())
                .map(Platform::encodeOsOption).collect(java.util.stream.Collectors.joining("+"));
        if (!version.isEmpty() || !features.isEmpty()) {
            b.append('(').append(version);
            if (!features.isEmpty()) {
                b.append('+').append(features);
            }
            b.append(')');
        }
        return join(b.toString(), architecture, variant);
    }

    private static String encodeOsOption(String value) {
        return value.replace("%", "%25").replace("+", "%2B").replace("(", "%28").replace(")", "%29")
                .replace("/", "%2F");
    }

    private static String join(String... parts) {
        StringBuilder b = new StringBuilder();
        for (String part : parts) {
            if (part.isEmpty()) {
                continue;
            }
            if (!b.isEmpty()) {
                b.append('/');
            }
            b.append(part);
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return formatAll();
    }
}
