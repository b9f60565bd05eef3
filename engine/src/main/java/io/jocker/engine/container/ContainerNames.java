package io.jocker.engine.container;

import io.jocker.common.error.EngineException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * Container IDs and names: validation of given names with Docker's rule and text, generated
 * {@code adjective_noun} names from our own word lists, and 64-hex IDs. Thread-safe.
 */
public final class ContainerNames {
    private static final Pattern VALID = Pattern.compile("^/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$");
    private static final List<String> ADJECTIVES = List.of("amber", "brisk", "calm", "dapper", "eager", "fancy",
            "gentle", "hardy", "icy", "jolly", "keen", "lively", "mellow", "nimble", "odd", "plucky", "quiet",
            "rustic", "sunny", "tidy", "upbeat", "vivid", "witty", "young", "zesty", "bold", "cozy", "dusty",
            "frosty", "glossy", "humble", "mossy", "noble", "proud", "rapid", "sleek", "tender", "velvet");
    private static final List<String> NOUNS = List.of("acorn", "badger", "comet", "dune", "ember", "fjord",
            "glacier", "harbor", "island", "juniper", "kestrel", "lantern", "meadow", "nebula", "otter", "pebble",
            "quarry", "river", "summit", "thicket", "urchin", "valley", "willow", "yak", "zephyr", "beacon",
            "canyon", "delta", "falcon", "grove", "heron", "lagoon", "marble", "orchid", "prairie", "reef",
            "spruce", "tundra");

    private final Random random;

    public ContainerNames() {
        this(new SecureRandom());
    }

    ContainerNames(Random random) {
        this.random = random;
    }

    /**
     * A given name without its leading "/".
     *
     * @throws EngineException invalid argument with Docker's text
     */
    public static String validate(String name) {
        if (!VALID.matcher(name).matches()) {
            throw EngineException.invalidArgument(
                    "Invalid container name (" + name + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }
        return name.startsWith("/") ? name.substring(1) : name;
    }

    /** A random {@code adjective_noun}; after {@code attempt} > 0 tries a digit is appended, as Docker does. */
    public String generate(int attempt) {
        String name = ADJECTIVES.get(random.nextInt(ADJECTIVES.size())) + "_" + NOUNS.get(random.nextInt(NOUNS.size()));
        return attempt > 0 ? name + random.nextInt(10) : name;
    }

    /** 64 lower-case hex digits whose 12-digit prefix is not all decimal (it becomes the hostname). */
    public String newId() {
        byte[] bytes = new byte[32];
        while (true) {
            random.nextBytes(bytes);
            String id = HexFormat.of().formatHex(bytes);
            if (!id.substring(0, 12).chars().allMatch(Character::isDigit)) {
                return id;
            }
        }
    }
}
