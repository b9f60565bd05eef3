package io.jocker.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The CLI's own version and commit, written into the jar by the build. Thread-safe. */
public final class ClientVersion {
    private static final Properties BUILD = load();

    private ClientVersion() {}

    public static String version() {
        return BUILD.getProperty("version", "unknown");
    }

    public static String gitCommit() {
        String commit = BUILD.getProperty("gitCommit", "");
        return commit.isEmpty() || commit.startsWith("${") ? "unknown" : commit;
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = ClientVersion.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // The build always writes the file; without it the version reads "unknown", which is honest.
        }
        return properties;
    }
}
