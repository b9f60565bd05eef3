package io.jocker.image.archive;

import io.jocker.oci.digest.Digest;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * A fake unpacker for the image code's tests: "unpacking" computes the diff ID of the
 * decompressed stream and remembers the chain; nothing touches a filesystem. Not thread-safe.
 */
final class DigestingUnpacker implements LayerUnpacker {
    final Set<Digest> committed = new LinkedHashSet<>();
    final List<Digest> unpackCalls = new ArrayList<>();
    final List<Digest> removed = new ArrayList<>();

    @Override
    public boolean exists(Digest chainId) {
        return committed.contains(chainId);
    }

    @Override
    public Unpacked unpack(Digest chainId, Digest parentChainId, InputStream blob) {
        if (parentChainId != null && !committed.contains(parentChainId)) {
            throw new IllegalStateException("parent " + parentChainId + " not unpacked before " + chainId);
        }
        Unpacked unpacked = digest(blob);
        unpackCalls.add(chainId);
        committed.add(chainId);
        return unpacked;
    }

    private static Unpacked digest(InputStream blob) {
        try {
            BufferedInputStream in = new BufferedInputStream(blob);
            in.mark(2);
            boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
            in.reset();
            InputStream plain = gzip ? new GZIPInputStream(in) : in;
            MessageDigest sha = Digest.newSha256();
            byte[] buffer = new byte[65536];
            long size = 0;
            for (int n = plain.read(buffer); n >= 0; n = plain.read(buffer)) {
                sha.update(buffer, 0, n);
                size += n;
            }
            return new Unpacked(Digest.ofSha256Bytes(sha.digest()), size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Unpacked unpackBase(InputStream blob) {
        Unpacked unpacked = digest(blob);
        committed.add(unpacked.diffId());
        return unpacked;
    }

    @Override
    public boolean remove(Digest chainId) {
        removed.add(chainId);
        return committed.remove(chainId);
    }
}
