package io.jocker.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jocker.api.client.EngineClient;
import io.jocker.api.client.JsonTrees;
import io.jocker.api.client.EngineConnectionException;
import io.jocker.cli.CliCommand;
import io.jocker.cli.CliContext;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import io.jocker.cli.CliFailure;
import io.jocker.cli.ClientVersion;
import io.jocker.cli.format.GoTemplate;
import io.jocker.cli.format.TemplateException;
import java.util.Iterator;
import java.util.Map;

/**
 * {@code jocker version}: the client's version, then the engine's. When the engine cannot be
 * reached the client part is still printed, then the error, exit 1 — as the docker CLI does.
 */
public final class VersionCommand implements CliCommand {


    @Override
    public String name() {
        return "version";
    }

    @Override
    public String summary() {
        return "Show the jocker version information";
    }

    @Override
    public String usage() {
        return "version [OPTIONS]";
    }

    @Override
    public Options options() {
        return new Options().addOption(Templates.formatOption());
    }

    @Override
    public int run(CliContext context, CommandLine flags) {
        String format = flags.getOptionValue("format", "");

        GoTemplate template = format.isEmpty() ? null : Templates.parse(format, "template parsing error: ");
        JsonNode server = null;
        RuntimeException failure = null;
        String apiVersion = EngineClient.API_VERSION;
        try {
            EngineClient client = context.client();
            apiVersion = client.apiVersion();
            server = client.getTree("/version");
        } catch (EngineConnectionException e) {
            failure = e;
        }
        ObjectNode data = JsonTrees.object();
        data.set("Client", clientInfo(context, apiVersion));
        data.set("Server", server);
        if (template != null) {
            try {
                context.out().print(Templates.render(template, data, VersionCommand::typeName));
            } catch (TemplateException e) {
                context.out().println();
                if (failure != null) {
                    throw failure; // the template failed on the missing server: the real problem is the connection
                }
                // Docker names this template "version"; ours are anonymous, so say it as docker does.
                throw new CliFailure(1, e.getMessage().replaceFirst("^template: :", "template: version:")
                        .replace("executing \"\"", "executing \"version\""));
            }
        } else {
            context.out().print(pretty(data));
        }
        if (failure != null) {
            throw failure;
        }
        return 0;
    }

    private static String typeName(String path) {
        return switch (path) {
            case "" -> "system.versionInfo";
            case ".Client" -> "system.clientVersion";
            case ".Server" -> "types.Version";
            default -> "struct";
        };
    }

    private static ObjectNode clientInfo(CliContext context, String apiVersion) {
        ObjectNode client = JsonTrees.object();
        client.put("Version", ClientVersion.version());
        client.put("ApiVersion", apiVersion);
        client.put("DefaultAPIVersion", EngineClient.API_VERSION);
        client.put("GitCommit", ClientVersion.gitCommit());
        client.put("GoVersion", "java" + Runtime.version());
        client.put("Os", "linux");
        client.put("Arch", goArch());
        client.put("BuildTime", "");
        client.put("Context", context.contextName());
        return client;
    }

    private static String goArch() {
        String arch = System.getProperty("os.arch");
        return arch.equals("x86_64") ? "amd64" : arch.equals("aarch64") ? "arm64" : arch;
    }

    /**
     * Engines report their build time as RFC 3339; the docker CLI shows it as Go's ANSIC layout
     * ("Thu May  7 21:09:36 2026"), and anything else as it came.
     */
    static String builtTime(String value) {
        try {
            return java.time.OffsetDateTime.parse(value)
                    .format(java.time.format.DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", java.util.Locale.ENGLISH));
        } catch (java.time.format.DateTimeParseException e) {
            return value;
        }
    }

    static String pretty(JsonNode data) {
        JsonNode client = data.get("Client");
        StringBuilder out = new StringBuilder("Client:\n");
        String api = client.get("ApiVersion").asText();
        String defaultApi = client.get("DefaultAPIVersion").asText();
        out.append(new Block(20)
                .add(" Version:", client.get("Version").asText())
                .add(" API version:", api + (api.equals(defaultApi) ? "" : " (downgraded from " + defaultApi + ")"))
                .add(" Go version:", client.get("GoVersion").asText())
                .add(" Git commit:", client.get("GitCommit").asText())
                .add(" Built:", client.get("BuildTime").asText())
                .add(" OS/Arch:", client.get("Os").asText() + "/" + client.get("Arch").asText())
                .add(" Context:", client.get("Context").asText())
                .render());
        JsonNode server = data.get("Server");
        if (server == null || server.isNull()) {
            return out.toString();
        }
        String platform = server.path("Platform").path("Name").asText("");
        out.append("\nServer:").append(platform.isEmpty() ? "" : " " + platform).append('\n');
        for (JsonNode component : server.path("Components")) {
            String name = component.path("Name").asText();
            JsonNode details = component.path("Details");
            out.append(' ').append(name).append(":\n");
            Block lines = new Block(20);
            if (name.equals("Engine")) {
                lines.add("  Version:", component.path("Version").asText())
                        .add("  API version:", details.path("ApiVersion").asText() + " (minimum version "
                                + details.path("MinAPIVersion").asText() + ")")
                        .add("  Go version:", details.path("GoVersion").asText())
                        .add("  Git commit:", details.path("GitCommit").asText())
                        .add("  Built:", builtTime(details.path("BuildTime").asText()))
                        .add("  OS/Arch:", details.path("Os").asText() + "/" + details.path("Arch").asText())
                        .add("  Experimental:", details.path("Experimental").asText());
            } else {
                lines.add("  Version:", component.path("Version").asText());
                for (Iterator<Map.Entry<String, JsonNode>> it = details.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> detail = it.next();
                    lines.add("  " + detail.getKey() + ":", detail.getValue().asText());
                }
            }
            out.append(lines.render());
        }
        return out.toString();
    }
}
