package io.jocker.runtime.shim;

import io.jocker.common.error.EngineException;

/**
 * conmon's exit file: the decimal exit code with no newline, the status or 128+signal. conmon
 * writes it as {@code <id>.XXXXXX} and renames it to {@code <id>}, so only the final name counts.
 */
public final class ExitFile {
    private ExitFile() {}

    /** The exit code in a file's content. */
    public static int parse(String content) {
        String s = content.strip();
        try {
            int code = Integer.parseInt(s);
            if (code < 0) {
                throw EngineException.invalidArgument("negative exit code in exit file: " + s);
            }
            return code;
        } catch (NumberFormatException e) {
            throw EngineException.invalidArgument("not an exit code: \"" + s + "\"", e);
        }
    }

    /** Whether a file name in an exit dir is a final exit file, not conmon's temp name. */
    public static boolean isFinalName(String fileName) {
        return !fileName.isEmpty() && fileName.indexOf('.') < 0;
    }
}
