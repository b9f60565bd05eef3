package io.jocker.api.server.container;

import io.jocker.api.types.container.ContainerInspect;
import io.jocker.api.types.container.ContainerSummary;
import io.jocker.api.types.container.CreateRequest;
import io.jocker.engine.container.ContainerRecord;
import io.jocker.engine.container.ContainerSpec;
import io.jocker.engine.container.ContainerState;
import io.jocker.engine.container.HostSettings;
import io.jocker.engine.container.RunState;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Wire shapes to and from container records. Stateless. */
final class ContainerTranslator {
    private ContainerTranslator() {}

    static ContainerSpec spec(CreateRequest r) {
        return new ContainerSpec(r.image(), r.cmd(), r.entrypoint(), r.env(), r.labels(), t(r.tty()),
                t(r.openStdin()), t(r.stdinOnce()), t(r.attachStdin()), t(r.attachStdout()), t(r.attachStderr()),
                r.workingDir(), r.user(), r.hostname(), r.domainname(), r.stopSignal(), r.stopTimeout());
    }

    static HostSettings host(CreateRequest.HostConfig h) {
        if (h == null) {
            return HostSettings.defaults();
        }
        HostSettings.RestartPolicy policy = h.restartPolicy() == null ? null : new HostSettings.RestartPolicy(
                h.restartPolicy().name() == null ? "no" : h.restartPolicy().name(),
                h.restartPolicy().maximumRetryCount() == null ? 0 : h.restartPolicy().maximumRetryCount());
        return new HostSettings(t(h.autoRemove()), n(h.memory()), n(h.nanoCpus()), h.pidsLimit(), t(h.privileged()),
                t(h.readonlyRootfs()), h.capAdd(), h.capDrop(), h.networkMode(), policy);
    }

    private static boolean t(Boolean b) {
        return b != null && b;
    }

    private static long n(Long l) {
        return l == null ? 0 : l;
    }

    /** RFC 3339 with trailing zeros of the fraction trimmed; Go's zero time when unset. */
    static String time(Instant at) {
        return at == null ? "0001-01-01T00:00:00Z" : at.toString();
    }

    static ContainerInspect inspect(ContainerRecord r) {
        RunState s = r.state();
        ContainerState st = s.status();
        List<String> argv = r.config().argv();
        ContainerInspect.State state = new ContainerInspect.State(st.wireName(), st == ContainerState.RUNNING
                || st == ContainerState.PAUSED, st == ContainerState.PAUSED, st == ContainerState.RESTARTING,
                s.oomKilled(), st == ContainerState.DEAD, s.pid(), s.exitCode(), s.error(), time(s.startedAt()),
                time(s.finishedAt()));
        return new ContainerInspect(r.id(), time(r.created()), argv.isEmpty() ? "" : argv.get(0),
                argv.size() > 1 ? argv.subList(1, argv.size()) : List.of(), state, r.imageId(), "", "", "", "",
                "/" + r.name(), s.restartCount(), "overlay2", "linux", null, hostConfig(r.hostConfig()),
                config(r.config()), Map.of("Ports", Map.of(), "Networks", Map.of()), List.of());
    }

    private static Map<String, Object> hostConfig(HostSettings h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("NetworkMode", h.networkMode());
        m.put("RestartPolicy", Map.of("Name", h.restartPolicy().name(), "MaximumRetryCount",
                h.restartPolicy().maximumRetryCount()));
        m.put("AutoRemove", h.autoRemove());
        m.put("Privileged", h.privileged());
        m.put("ReadonlyRootfs", h.readonlyRootfs());
        m.put("CapAdd", h.capAdd());
        m.put("CapDrop", h.capDrop());
        m.put("Memory", h.memory());
        m.put("NanoCpus", h.nanoCpus());
        m.put("PidsLimit", h.pidsLimit() == null || h.pidsLimit() <= 0 ? null : h.pidsLimit());
        return m;
    }

    private static Map<String, Object> config(ContainerSpec c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Hostname", c.hostname());
        m.put("Domainname", c.domainname() == null ? "" : c.domainname());
        m.put("User", c.user());
        m.put("AttachStdin", c.attachStdin());
        m.put("AttachStdout", c.attachStdout());
        m.put("AttachStderr", c.attachStderr());
        m.put("Tty", c.tty());
        m.put("OpenStdin", c.openStdin());
        m.put("StdinOnce", c.stdinOnce());
        m.put("Env", c.env());
        m.put("Cmd", c.cmd() == null || c.cmd().isEmpty() ? null : c.cmd());
        m.put("Image", c.image());
        m.put("WorkingDir", c.workingDir());
        m.put("Entrypoint", c.entrypoint() == null || c.entrypoint().isEmpty() ? null : c.entrypoint());
        m.put("Labels", c.labels());
        if (c.stopSignal() != null && !c.stopSignal().isEmpty()) {
            m.put("StopSignal", c.stopSignal());
        }
        return m;
    }

    static ContainerSummary summary(ContainerRecord r, Instant now) {
        return new ContainerSummary(r.id(), List.of("/" + r.name()), r.config().image(), r.imageId(),
                String.join(" ", r.config().argv()), r.created().getEpochSecond(), List.of(), r.config().labels(),
                r.state().status().wireName(), status(r.state(), now), Map.of("NetworkMode", r.hostConfig().networkMode()),
                Map.of("Networks", Map.of()), List.of());
    }

    /** The {@code Status} column {@code docker ps} prints verbatim. */
    static String status(RunState s, Instant now) {
        return switch (s.status()) {
            case RUNNING -> "Up " + human(Duration.between(s.startedAt(), now));
            case PAUSED -> "Up " + human(Duration.between(s.startedAt(), now)) + " (Paused)";
            case RESTARTING -> "Restarting (" + s.exitCode() + ") " + human(since(s.finishedAt(), now)) + " ago";
            case EXITED -> "Exited (" + s.exitCode() + ") " + human(since(s.finishedAt(), now)) + " ago";
            case CREATED -> "Created";
            case REMOVING -> "Removal In Progress";
            case DEAD -> "Dead";
        };
    }

    private static Duration since(Instant at, Instant now) {
        return at == null ? Duration.ZERO : Duration.between(at, now);
    }

    /** Go's units.HumanDuration. */
    static String human(Duration d) {
        long s = d.toSeconds();
        if (s < 1) {
            return "Less than a second";
        } else if (s == 1) {
            return "1 second";
        } else if (s < 60) {
            return s + " seconds";
        }
        long m = d.toMinutes();
        if (m == 1) {
            return "About a minute";
        } else if (m < 60) {
            return m + " minutes";
        }
        long h = Math.round(d.toSeconds() / 3600.0);
        if (h == 1) {
            return "About an hour";
        } else if (h < 48) {
            return h + " hours";
        } else if (h < 24 * 7 * 2) {
            return h / 24 + " days";
        } else if (h < 24 * 30 * 2) {
            return h / 24 / 7 + " weeks";
        } else if (h < 24 * 365 * 2) {
            return h / 24 / 30 + " months";
        }
        return h / 24 / 365 + " years";
    }
}
