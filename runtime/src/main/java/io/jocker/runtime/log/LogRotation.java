package io.jocker.runtime.log;

import io.jocker.common.error.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Size-based rotation of a container's log, as Docker's json-file driver does it with
 * {@code --log-opt max-size=… max-file=…}: the file is renamed to {@code .1} (older ones shift up
 * to {@code .max-file-1}, the oldest is dropped) and the writer is told to reopen. conmon's own
 * {@code --log-size-max} would empty the file instead (host-recipes), so the daemon rotates.
 * Stateless; one caller at a time per log (the runtime's rotation task).
 */
public final class LogRotation {
    /** Docker's json-file options; {@code maxSize <= 0} means never rotate. */
    public record Policy(long maxSize, int maxFiles) {
        public static final Policy NONE = new Policy(-1, 1);

        /**
         * Reads {@code --log-opt} for the json-file (or k8s-file) driver with Docker's rules and
         * wording: sizes as go-units RAMInBytes ({@code 10m}, {@code 1g}, binary), max-file at least 1.
         */
        public static Policy parse(Map<String, String> options) {
            long maxSize = -1;
            int maxFiles = 1;
            for (Map.Entry<String, String> e : options.entrySet()) {
                switch (e.getKey()) {
                    case "max-size" -> maxSize = ramInBytes(e.getValue());
                    case "max-file" -> {
                        try {
                            maxFiles = Integer.parseInt(e.getValue());
                        } catch (NumberFormatException ex) {
                            throw EngineException.invalidArgument("strconv.Atoi: parsing \"" + e.getValue()
                                    + "\": invalid syntax");
                        }
                        if (maxFiles < 1) {
                            throw EngineException.invalidArgument("max-file cannot be less than 1");
                        }
                    }
                    case "compress", "labels", "labels-regex", "env", "env-regex", "tag" -> {
                        // accepted as json-file accepts them; nothing they change applies here
                    }
                    default -> throw EngineException.invalidArgument(
                            "unknown log opt '" + e.getKey() + "' for json-file log driver");
                }
            }
            if (maxFiles > 1 && maxSize <= 0) {
                throw EngineException.invalidArgument("max-file cannot be set without max-size");
            }
            return new Policy(maxSize, maxFiles);
        }
    }

    private static final Pattern SIZE = Pattern.compile("^(\\d+(?:\\.\\d+)?) ?([kmgtp])?(i?b)?$");

    private LogRotation() {}

    /** go-units RAMInBytes: binary multiples, an optional "b", case-insensitive. */
    static long ramInBytes(String text) {
        Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw EngineException.invalidArgument("invalid size: '" + text + "'");
        }
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2);
        int shift = switch (unit) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            case "p" -> 50;
            default -> 0;
        };
        return (long) (value * (1L << shift));
    }

    /** The rotated files that exist, oldest first ({@code log.N} … {@code log.1}). */
    public static List<Path> rotatedFiles(Path log) {
        List<Path> files = new ArrayList<>();
        for (int i = 1; ; i++) {
            Path rotated = sibling(log, i);
            if (!Files.exists(rotated)) {
                break;
            }
            files.addFirst(rotated);
        }
        return files;
    }

    /**
     * Rotates when the log has reached the policy's size: shifts the older files, renames the log
     * to {@code .1} and calls {@code reopen}, after which the writer creates a new file. With
     * max-file 1 the renamed file is removed after the reopen (json-file keeps one file).
     *
     * @return whether it rotated
     */
    public static boolean rotateIfNeeded(Path log, Policy policy, Runnable reopen) throws IOException {
        if (policy.maxSize() <= 0) {
            return false;
        }
        long size;
        try {
            size = Files.size(log);
        } catch (NoSuchFileException e) {
            return false;
        }
        if (size < policy.maxSize()) {
            return false;
        }
        int keep = Math.max(policy.maxFiles() - 1, 1);
        Files.deleteIfExists(sibling(log, keep));
        for (int i = keep - 1; i >= 1; i--) {
            if (Files.exists(sibling(log, i))) {
                Files.move(sibling(log, i), sibling(log, i + 1), StandardCopyOption.ATOMIC_MOVE);
            }
        }
        Files.move(log, sibling(log, 1), StandardCopyOption.ATOMIC_MOVE);
        reopen.run();
        if (policy.maxFiles() == 1) {
            Files.deleteIfExists(sibling(log, 1));
        }
        return true;
    }

    private static Path sibling(Path log, int n) {
        return log.resolveSibling(log.getFileName() + "." + n);
    }
}
