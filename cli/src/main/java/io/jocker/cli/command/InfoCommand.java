package io.jocker.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jocker.api.client.JsonTrees;
import io.jocker.cli.CliCommand;
import io.jocker.cli.CliContext;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import io.jocker.cli.CliFailure;
import io.jocker.cli.ClientVersion;
import io.jocker.cli.format.GoTemplate;
import io.jocker.cli.format.TemplateException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code jocker info}: the client's facts, then the engine's, in the docker CLI's layout. */
public final class InfoCommand implements CliCommand {


    @Override
    public String name() {
        return "info";
    }

    @Override
    public String summary() {
        return "Display system-wide information";
    }

    @Override
    public String usage() {
        return "info [OPTIONS]";
    }

    @Override
    public Options options() {
        return new Options().addOption(Templates.formatOption());
    }

    @Override
    public int run(CliContext context, CommandLine flags) {
        String format = flags.getOptionValue("format", "");

        if (!format.isEmpty()) {
            GoTemplate template = Templates.parse(format, "template parsing error: ");
            ObjectNode data = (ObjectNode) context.client().getTree("/info");
            data.set("ClientInfo", clientInfo(context));
            try {
                context.out().print(Templates.render(template, data,
                        path -> path.isEmpty() ? "system.dockerInfo" : "struct"));
            } catch (TemplateException e) {
                context.out().println();
                throw new CliFailure(1, e.getMessage());
            }
            return 0;
        }
        context.out().print("Client:\n" + new Block(0)
                .add(" Version:", ClientVersion.version())
                .add(" Context:", context.contextName())
                .add(" Debug Mode:", Boolean.toString(context.debug()))
                .render());
        context.out().println();
        context.out().println("Server:");
        context.out().flush();
        JsonNode info = context.client().getTree("/info");
        context.out().print(pretty(info));
        for (JsonNode warning : info.path("Warnings")) {
            context.err().println(warning.asText());
        }
        return 0;
    }

    private static ObjectNode clientInfo(CliContext context) {
        ObjectNode client = JsonTrees.object();
        client.put("Debug", context.debug());
        client.put("Version", ClientVersion.version());
        client.put("Context", context.contextName());
        client.putArray("Plugins");
        client.putNull("Warnings");
        return client;
    }

    /** The server part, field by field as the docker CLI prints it; absent fields are skipped. */
    static String pretty(JsonNode info) {
        StringBuilder out = new StringBuilder();
        line(out, " Containers: ", info.path("Containers").asText());
        line(out, "  Running: ", info.path("ContainersRunning").asText());
        line(out, "  Paused: ", info.path("ContainersPaused").asText());
        line(out, "  Stopped: ", info.path("ContainersStopped").asText());
        line(out, " Images: ", info.path("Images").asText());
        line(out, " Server Version: ", info.path("ServerVersion").asText());
        line(out, " Storage Driver: ", info.path("Driver").asText());
        for (JsonNode pair : info.path("DriverStatus")) {
            line(out, "  " + pair.path(0).asText() + ": ", pair.path(1).asText());
        }
        line(out, " Logging Driver: ", info.path("LoggingDriver").asText());
        line(out, " Cgroup Driver: ", info.path("CgroupDriver").asText());
        line(out, " Cgroup Version: ", info.path("CgroupVersion").asText());
        out.append(" Plugins:\n");
        line(out, "  Volume: ", join(info.path("Plugins").path("Volume")));
        line(out, "  Network: ", join(info.path("Plugins").path("Network")));
        if (info.path("Plugins").path("Authorization").size() > 0) {
            line(out, "  Authorization: ", join(info.path("Plugins").path("Authorization")));
        }
        line(out, "  Log: ", join(info.path("Plugins").path("Log")));
        line(out, " Swarm: ", info.path("Swarm").path("LocalNodeState").asText("inactive"));
        List<String> runtimes = new ArrayList<>();
        info.path("Runtimes").fieldNames().forEachRemaining(runtimes::add);
        line(out, " Runtimes: ", String.join(" ", runtimes));
        line(out, " Default Runtime: ", info.path("DefaultRuntime").asText());
        line(out, " Init Binary: ", info.path("InitBinary").asText());
        line(out, " containerd version: ", info.path("ContainerdCommit").path("ID").asText());
        line(out, " runc version: ", info.path("RuncCommit").path("ID").asText());
        line(out, " init version: ", info.path("InitCommit").path("ID").asText());
        if (info.path("SecurityOptions").size() > 0) {
            out.append(" Security Options:\n");
            for (JsonNode option : info.path("SecurityOptions")) {
                securityOption(out, option.asText());
            }
        }
        line(out, " Kernel Version: ", info.path("KernelVersion").asText());
        line(out, " Operating System: ", info.path("OperatingSystem").asText());
        line(out, " OSType: ", info.path("OSType").asText());
        line(out, " Architecture: ", info.path("Architecture").asText());
        line(out, " CPUs: ", info.path("NCPU").asText());
        line(out, " Total Memory: ", binarySize(info.path("MemTotal").asLong()));
        line(out, " Name: ", info.path("Name").asText());
        line(out, " ID: ", info.path("ID").asText());
        line(out, " Docker Root Dir: ", info.path("DockerRootDir").asText());
        line(out, " Debug Mode: ", info.path("Debug").asText());
        if (info.path("Labels").size() > 0) {
            out.append(" Labels:\n");
            for (JsonNode label : info.path("Labels")) {
                out.append("  ").append(label.asText()).append('\n');
            }
        }
        line(out, " Experimental: ", info.path("ExperimentalBuild").asText());
        JsonNode insecure = info.path("RegistryConfig").path("InsecureRegistryCIDRs");
        if (insecure.size() > 0) {
            out.append(" Insecure Registries:\n");
            for (JsonNode cidr : insecure) {
                out.append("  ").append(cidr.asText()).append('\n');
            }
        }
        line(out, " Live Restore Enabled: ", info.path("LiveRestoreEnabled").asText());
        out.append('\n');
        return out.toString();
    }

    /** "name=seccomp,profile=default" → "  seccomp" then "   Profile: default". */
    private static void securityOption(StringBuilder out, String option) {
        for (String pair : option.split(",")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            if (key.equals("name")) {
                out.append("  ").append(value).append('\n');
            } else {
                out.append("   ").append(key.substring(0, 1).toUpperCase(Locale.ROOT)).append(key.substring(1))
                        .append(": ").append(value).append('\n');
            }
        }
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append(label).append(value).append('\n');
    }

    private static String join(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return String.join(" ", values);
    }

    /** Go's units.BytesSize: binary units with at most two decimals, "23.54GiB". */
    static String binarySize(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        String text = String.format(Locale.ROOT, "%.4g", value);
        if (text.contains(".")) {
            text = text.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return text + units[unit];
    }
}
