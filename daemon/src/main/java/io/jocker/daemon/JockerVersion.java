package io.jocker.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** jocker's own version and commit, written into the jar by the build. Thread-safe. */
final class JockerVersion {
    private static final Properties BUILD = load();

    private JockerVersion() {}

    static String current() {
        return BUILD.getProperty("version", "unknown");
    }

    static String gitCommit() {
        String commit = BUILD.getProperty("gitCommit", "");
        return commit.isEmpty() || commit.startsWith("${") ? "unknown" : commit;
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = JockerVersion.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // The build always writes the file; without it the version reads "unknown", which is honest.
        }
        return properties;
    }
}
