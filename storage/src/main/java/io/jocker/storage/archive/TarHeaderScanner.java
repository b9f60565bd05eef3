package io.jocker.storage.archive;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarUtils;

/**
 * Reads again, block by block, the raw bytes commons-compress consumed while finding the next tar
 * entry, for what its reader does not do:
 * <ul>
 *   <li>verify the checksum of every header block, extension headers included (Go's archive/tar,
 *       and so Docker, rejects a bad one as "archive/tar: invalid tar header"; commons parses it);
 *   <li>keep PAX record values as bytes: commons decodes them as UTF-8, which corrupts binary
 *       {@code SCHILY.xattr.security.capability} values (any byte ≥ 0x80 that is not valid UTF-8);
 *   <li>tell a truncated header ("unexpected EOF") from a clean end, which commons reports alike;
 *   <li>refuse ambiguous sequences (two PAX or two GNU long-name headers before one entry) and
 *       global PAX records that change entries, which tar readers resolve differently.
 * </ul>
 * The capture starts right after the previous entry's data (the applier always reads each entry's
 * data to its end), so the first 512-aligned offset in it is the first header. Stateless.
 */
final class TarHeaderScanner {
    static final int BLOCK = 512;
    /** Go's maxSpecialFileSize: the largest PAX or GNU long-name record set it reads. */
    static final int MAX_SPECIAL_SIZE = 1 << 20;

    private static final int SIZE_OFFSET = 124;
    private static final int SIZE_LENGTH = 12;
    private static final int TYPE_OFFSET = 156;

    /**
     * What the headers before one entry said.
     *
     * @param pax the entry's PAX records (from its 'x' header), values as raw bytes
     * @param end the archive ended: an end-of-archive block, or a clean end of stream at a block
     *     boundary (which Go accepts too)
     */
    record Scan(Map<String, byte[]> pax, boolean end) {}

    private TarHeaderScanner() {}

    /** What the tar reader reported for the bytes scanned. */
    enum Outcome {
        /** It returned an entry: its header must be there, after any extension headers. */
        ENTRY,
        /** It reported the end: an end marker, a clean end of stream, or bad bytes. */
        END,
        /** It failed: find what is wrong with the headers, if anything. */
        FAILED
    }

    /**
     * @param start offset of {@code bytes[0]} in the decompressed stream
     * @param outcome what the tar reader made of these bytes
     */
    static Scan scan(long start, byte[] bytes, Outcome outcome) throws LayerFormatException {
        boolean entryReturned = outcome == Outcome.ENTRY;
        int pos = (int) ((BLOCK - start % BLOCK) % BLOCK);
        Map<String, byte[]> pax = null;
        boolean longName = false;
        boolean longLink = false;
        boolean metaSeen = false;
        while (true) {
            if (pos >= bytes.length) {
                if (entryReturned || metaSeen) {
                    // Extension headers with nothing after them (Go: unexpected EOF).
                    throw new LayerFormatException(LayerFormatException.UNEXPECTED_EOF);
                }
                return new Scan(Map.of(), true);
            }
            if (pos + BLOCK > bytes.length) {
                throw new LayerFormatException(LayerFormatException.UNEXPECTED_EOF);
            }
            byte[] block = Arrays.copyOfRange(bytes, pos, pos + BLOCK);
            if (isZero(block)) {
                if (entryReturned || metaSeen) {
                    throw new LayerFormatException(LayerFormatException.INVALID_HEADER);
                }
                return new Scan(Map.of(), true);
            }
            if (!checksumMatches(block)) {
                throw new LayerFormatException(LayerFormatException.INVALID_HEADER);
            }
            byte type = block[TYPE_OFFSET];
            if (!(type == 'x' || type == 'g' || type == 'L' || type == 'K')) {
                if (outcome == Outcome.END) {
                    throw new LayerFormatException(LayerFormatException.INVALID_HEADER);
                }
                return new Scan(pax == null ? Map.of() : pax, false);
            }
            metaSeen = true;
            long size;
            try {
                size = TarUtils.parseOctalOrBinary(block, SIZE_OFFSET, SIZE_LENGTH);
            } catch (IllegalArgumentException e) {
                throw new LayerFormatException(LayerFormatException.INVALID_HEADER, e);
            }
            if (size < 0) {
                throw new LayerFormatException(LayerFormatException.INVALID_HEADER);
            }
            if (size > MAX_SPECIAL_SIZE) {
                throw new LayerFormatException("archive/tar: header field too long");
            }
            int bodyStart = pos + BLOCK;
            int bodyEnd = bodyStart + (int) size;
            if (bodyEnd > bytes.length) {
                throw new LayerFormatException(LayerFormatException.UNEXPECTED_EOF);
            }
            switch (type) {
                case 'x' -> {
                    if (pax != null) {
                        throw new LayerFormatException(LayerFormatException.INVALID_HEADER);
                    }
                    pax = parsePax(bytes, bodyStart, bodyEnd);
                }
                case 'L' -> {
                    if (longName) {
                        throw new LayerFormatException(LayerFormatException.INVALID_HEADER);
                    }
                    longName = true;
                }
                case 'K' -> {
                    if (longLink) {
                        throw new LayerFormatException(LayerFormatException.INVALID_HEADER);
                    }
                    longLink = true;
                }
                default -> checkGlobal(parsePax(bytes, bodyStart, bodyEnd));
            }
            pos = bodyStart + (int) ((size + BLOCK - 1) / BLOCK * BLOCK);
        }
    }

    /**
     * Go's reader (and so Docker) ignores global ('g') headers, while commons applies their records
     * to every later entry; refuse the records that would make the two disagree about an entry's
     * name, size, owner, times or device, and let comments and the like through.
     */
    private static void checkGlobal(Map<String, byte[]> records) throws LayerFormatException {
        for (String key : records.keySet()) {
            if (STRUCTURAL_GLOBAL_KEYS.contains(key) || key.startsWith("GNU.sparse.")) {
                throw new LayerFormatException("archive/tar: global PAX header record \"" + key + "\" is not supported");
            }
        }
    }

    private static final Set<String> STRUCTURAL_GLOBAL_KEYS = Set.of("path", "linkpath", "size", "uid", "gid",
            "mtime", "atime", "ctime", "SCHILY.devmajor", "SCHILY.devminor", "SCHILY.filetype");

    /** PAX records "LEN KEY=VALUE\n" (POSIX pax, "extended header"), values kept as bytes. */
    static Map<String, byte[]> parsePax(byte[] bytes, int from, int to) throws LayerFormatException {
        Map<String, byte[]> records = new LinkedHashMap<>();
        int pos = from;
        while (pos < to) {
            int space = pos;
            long length = 0;
            while (space < to && bytes[space] != ' ') {
                byte c = bytes[space];
                if (c < '0' || c > '9' || length > to) {
                    throw new LayerFormatException(LayerFormatException.INVALID_HEADER);
                }
                length = length * 10 + (c - '0');
                space++;
            }
            if (space == pos || space >= to || length <= space - pos + 1 || pos + length > to
                    || bytes[(int) (pos + length - 1)] != '\n') {
                throw new LayerFormatException(LayerFormatException.INVALID_HEADER);
            }
            int end = (int) (pos + length - 1);
            int equals = space + 1;
            while (equals < end && bytes[equals] != '=') {
                equals++;
            }
            if (equals == space + 1 || equals >= end) {
                throw new LayerFormatException(LayerFormatException.INVALID_HEADER);
            }
            String key = new String(bytes, space + 1, equals - space - 1, StandardCharsets.UTF_8);
            records.put(key, Arrays.copyOfRange(bytes, equals + 1, end));
            pos = end + 1;
        }
        return records;
    }

    private static boolean checksumMatches(byte[] block) {
        try {
            return TarUtils.verifyCheckSum(block);
        } catch (IllegalArgumentException e) {
            return false; // the checksum field is not even a number
        }
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
