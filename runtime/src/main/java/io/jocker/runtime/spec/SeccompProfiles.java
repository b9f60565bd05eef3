package io.jocker.runtime.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.jocker.common.error.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Seccomp profiles: jocker's own default (resource {@code default-seccomp.json}, allow by default
 * and deny what Docker's default profile does not allow) and user profiles in Docker's format
 * ({@code --security-opt seccomp=<json>}; the CLI sends the file's content). Rules carrying
 * capabilities are kept or left out by the container's capabilities, as Docker does. Immutable and
 * thread-safe.
 */
final class SeccompProfiles {
    static final String DEFAULT_RESOURCE = "default-seccomp.json";

    private final JsonNode defaultProfile;

    private SeccompProfiles(JsonNode defaultProfile) {
        this.defaultProfile = defaultProfile;
    }

    static SeccompProfiles load() {
        try (InputStream in = SeccompProfiles.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + DEFAULT_RESOURCE);
            }
            return new SeccompProfiles(RuntimeSpecJson.mapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + DEFAULT_RESOURCE, e);
        }
    }

    RuntimeSpec.Seccomp defaultFor(Set<Capability> caps) {
        return translate(defaultProfile, caps);
    }

    /** Parses a Docker-format profile; Docker's wording on failure (moby profiles/seccomp). */
    RuntimeSpec.Seccomp parse(String json, Set<Capability> caps) {
        JsonNode node;
        try {
            node = RuntimeSpecJson.mapper().readTree(json.getBytes(StandardCharsets.UTF_8));
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw EngineException.invalidArgument("Decoding seccomp profile failed: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw EngineException.invalidArgument("Decoding seccomp profile failed: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw EngineException.invalidArgument("Decoding seccomp profile failed: not a JSON object");
        }
        return translate(node, caps);
    }

    private static RuntimeSpec.Seccomp translate(JsonNode profile, Set<Capability> caps) {
        String defaultAction = profile.path("defaultAction").asText("");
        if (defaultAction.isEmpty()) {
            throw EngineException.invalidArgument("Decoding seccomp profile failed: defaultAction is missing");
        }
        List<String> arches = new ArrayList<>();
        profile.path("architectures").forEach(a -> arches.add(a.asText()));
        if (arches.isEmpty()) {
            for (JsonNode m : profile.path("archMap")) {
                arches.add(m.path("architecture").asText());
                m.path("subArchitectures").forEach(a -> arches.add(a.asText()));
            }
        }
        List<RuntimeSpec.Syscall> syscalls = new ArrayList<>();
        for (JsonNode rule : profile.path("syscalls")) {
            if (!applies(rule, caps)) {
                continue;
            }
            List<String> names = new ArrayList<>();
            rule.path("names").forEach(n -> names.add(n.asText()));
            if (rule.hasNonNull("name")) {
                names.add(rule.get("name").asText());
            }
            List<RuntimeSpec.SyscallArg> args = new ArrayList<>();
            for (JsonNode a : rule.path("args")) {
                args.add(new RuntimeSpec.SyscallArg(a.path("index").asInt(), a.path("value").asLong(),
                        a.path("valueTwo").asLong(0), a.path("op").asText()));
            }
            Integer errnoRet = rule.hasNonNull("errnoRet") ? rule.get("errnoRet").asInt() : null;
            syscalls.add(new RuntimeSpec.Syscall(List.copyOf(names), rule.path("action").asText(), errnoRet,
                    args.isEmpty() ? null : List.copyOf(args)));
        }
        return new RuntimeSpec.Seccomp(defaultAction, List.copyOf(arches), List.copyOf(syscalls));
    }

    /**
     * Our {@code unlessCaps}: left out when any is held. Docker's {@code includes.caps}: kept only
     * when all are held; {@code excludes.caps}: left out when any is held. Architecture and kernel
     * conditions are not evaluated (the generator knows neither).
     */
    private static boolean applies(JsonNode rule, Set<Capability> caps) {
        for (JsonNode c : rule.path("unlessCaps")) {
            if (holds(c.asText(), caps)) {
                return false;
            }
        }
        for (JsonNode c : rule.path("includes").path("caps")) {
            if (!holds(c.asText(), caps)) {
                return false;
            }
        }
        for (JsonNode c : rule.path("excludes").path("caps")) {
            if (holds(c.asText(), caps)) {
                return false;
            }
        }
        return true;
    }

    private static boolean holds(String name, Set<Capability> caps) {
        return Capability.parse(name).map(caps::contains).orElse(false);
    }
}
