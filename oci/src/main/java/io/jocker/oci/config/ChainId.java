package io.jocker.oci.config;

import io.jocker.common.error.EngineException;
import io.jocker.oci.digest.Digest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Chain IDs name a stack of layers, so that equal stacks share one unpacked snapshot: {@code
 * chainID(L0) = diffID(L0)}, {@code chainID(Ln) = sha256(chainID(Ln-1) + " " + diffID(Ln))}. See
 * https://github.com/opencontainers/image-spec/blob/main/config.md#layer-chainid. Stateless;
 * thread-safe.
 */
public final class ChainId {
    private ChainId() {}

    /** The chain ID of the whole stack {@code diffIds}, bottom first; it must not be empty. */
    public static Digest of(List<Digest> diffIds) {
        List<Digest> all = all(diffIds);
        if (all.isEmpty()) {
            throw EngineException.invalidArgument("chain ID of an empty layer stack");
        }
        return all.getLast();
    }

    /** The chain ID of every prefix of {@code diffIds}: element i names layers 0..i. */
    public static List<Digest> all(List<Digest> diffIds) {
        List<Digest> chain = new ArrayList<>(diffIds.size());
        Digest previous = null;
        for (Digest diffId : diffIds) {
            previous = previous == null
                    ? diffId
                    : Digest.sha256Of((previous + " " + diffId).getBytes(StandardCharsets.UTF_8));
            chain.add(previous);
        }
        return List.copyOf(chain);
    }
}
