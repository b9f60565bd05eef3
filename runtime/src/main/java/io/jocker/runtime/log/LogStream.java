package io.jocker.runtime.log;

/** The stream a log line came from, spelled as in the k8s-file format. */
public enum LogStream {
    STDOUT, STDERR;

    public static LogStream parse(String s) {
        return switch (s) {
            case "stdout" -> STDOUT;
            case "stderr" -> STDERR;
            default -> throw new IllegalArgumentException("unknown log stream: " + s);
        };
    }

    @Override
    public String toString() {
        return this == STDOUT ? "stdout" : "stderr";
    }
}
