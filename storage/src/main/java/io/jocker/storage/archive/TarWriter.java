package io.jocker.storage.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a POSIX (ustar + pax) tar stream, as Go's archive/tar does for Docker layers: a ustar
 * header per entry, preceded by a pax 'x' header when a field does not fit (long or non-ASCII
 * names, large ids or sizes, sub-second or pre-1970 times are truncated to seconds first) or
 * when the entry has xattrs ({@code SCHILY.xattr.NAME}, values as raw bytes). The end is two
 * zero blocks, without padding to a 10 KiB record, as Go writes it.
 *
 * <p>Own code rather than commons-compress's writer because that one encodes pax values as
 * UTF-8 strings, which cannot carry binary xattr values such as {@code security.capability}.
 * Output depends only on the headers given: no user or group names, no atime or ctime.
 * Not thread-safe.
 */
final class TarWriter {
    static final int BLOCK = 512;
    private static final long MAX_OCTAL_7 = 07777777L;
    private static final long MAX_OCTAL_11 = 077777777777L;

    /** One entry. Mode is the 12 permission bits; names use '/' and directories end with '/'. */
    record Header(String name, byte type, int mode, long uid, long gid, long size, long mtimeSeconds,
            String linkName, int devMajor, int devMinor, Map<String, byte[]> xattrs) {
        static final byte REGULAR = '0';
        static final byte HARDLINK = '1';
        static final byte SYMLINK = '2';
        static final byte CHAR = '3';
        static final byte BLOCK_DEVICE = '4';
        static final byte DIRECTORY = '5';
        static final byte FIFO = '6';
    }

    private final OutputStream out;
    private final byte[] copyBuffer = new byte[64 * 1024];
    private long remaining;
    private long written;

    TarWriter(OutputStream out) {
        this.out = out;
    }

    void writeHeader(Header h) throws IOException {
        if (remaining != 0) {
            throw new IllegalStateException(remaining + " bytes of the previous entry were not written");
        }
        Map<String, byte[]> pax = new LinkedHashMap<>();
        String name = fitOrPax(h.name(), 100, "path", pax);
        String link = h.linkName() == null ? "" : fitOrPax(h.linkName(), 100, "linkpath", pax);
        long uid = numberOrPax(h.uid(), MAX_OCTAL_7, "uid", pax);
        long gid = numberOrPax(h.gid(), MAX_OCTAL_7, "gid", pax);
        long size = numberOrPax(h.size(), MAX_OCTAL_11, "size", pax);
        long mtime = numberOrPax(h.mtimeSeconds(), MAX_OCTAL_11, "mtime", pax);
        h.xattrs().forEach((key, value) -> pax.put("SCHILY.xattr." + key, value));
        if (!pax.isEmpty()) {
            byte[] records = paxRecords(pax);
            String paxName = paxHeaderName(name);
            writeBlock(ustar(paxName, (byte) 'x', 0644, 0, 0, records.length, 0, "", 0, 0));
            out.write(records);
            written += records.length;
            pad(records.length);
        }
        writeBlock(ustar(name, h.type(), h.mode(), uid, gid, size, mtime, link, h.devMajor(), h.devMinor()));
        remaining = h.type() == Header.REGULAR ? h.size() : 0;
    }

    /** Copies exactly the entry's size from {@code content}; a shorter source is an error. */
    void writeContent(InputStream content) throws IOException {
        long size = remaining;
        while (remaining > 0) {
            int n = content.read(copyBuffer, 0, (int) Math.min(copyBuffer.length, remaining));
            if (n < 0) {
                throw new IOException("file shrank while it was archived: " + remaining + " of " + size
                        + " bytes missing");
            }
            out.write(copyBuffer, 0, n);
            written += n;
            remaining -= n;
        }
        pad(size);
    }

    /** Two zero blocks. Does not close the underlying stream. */
    void finish() throws IOException {
        if (remaining != 0) {
            throw new IllegalStateException(remaining + " bytes of the last entry were not written");
        }
        out.write(new byte[2 * BLOCK]);
        written += 2 * BLOCK;
        out.flush();
    }

    long bytesWritten() {
        return written;
    }

    private void writeBlock(byte[] block) throws IOException {
        out.write(block);
        written += block.length;
    }

    private void pad(long size) throws IOException {
        int padding = (int) ((BLOCK - size % BLOCK) % BLOCK);
        if (padding > 0) {
            out.write(new byte[padding]);
            written += padding;
        }
    }

    private static String fitOrPax(String value, int max, String key, Map<String, byte[]> pax) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= max && isAscii(utf8)) {
            return value;
        }
        pax.put(key, utf8);
        // The ustar field gets an ASCII stand-in that readers without pax still accept.
        StringBuilder ascii = new StringBuilder();
        for (int i = 0; i < value.length() && ascii.length() < max; i++) {
            char c = value.charAt(i);
            ascii.append(c < 0x80 && c != 0 ? c : '_');
        }
        return ascii.toString();
    }

    private static long numberOrPax(long value, long max, String key, Map<String, byte[]> pax) {
        if (value >= 0 && value <= max) {
            return value;
        }
        pax.put(key, Long.toString(value).getBytes(StandardCharsets.US_ASCII));
        return 0;
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b <= 0) {
                return false;
            }
        }
        return true;
    }

    /** Go's choice, dir/PaxHeaders.0/base, kept within the 100-byte field. */
    private static String paxHeaderName(String name) {
        String trimmed = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        int slash = trimmed.lastIndexOf('/');
        String dir = slash < 0 ? "" : trimmed.substring(0, slash + 1);
        String paxName = dir + "PaxHeaders.0/" + trimmed.substring(slash + 1);
        return paxName.length() <= 100 ? paxName : paxName.substring(0, 100);
    }

    static byte[] paxRecords(Map<String, byte[]> records) {
        var out = new java.io.ByteArrayOutputStream();
        records.forEach((key, value) -> {
            byte[] k = key.getBytes(StandardCharsets.UTF_8);
            int body = 1 + k.length + 1 + value.length + 1; // ' ' key '=' value '\n'
            int length = body + Integer.toString(body).length();
            if (Integer.toString(length).length() != Integer.toString(body).length()) {
                length = body + Integer.toString(length).length();
            }
            out.writeBytes(Integer.toString(length).getBytes(StandardCharsets.US_ASCII));
            out.write(' ');
            out.writeBytes(k);
            out.write('=');
            out.writeBytes(value);
            out.write('\n');
        });
        return out.toByteArray();
    }

    private static byte[] ustar(String name, byte type, int mode, long uid, long gid, long size, long mtime,
            String link, int devMajor, int devMinor) {
        byte[] b = new byte[BLOCK];
        put(b, 0, 100, name);
        octal(b, 100, 8, mode & 07777);
        octal(b, 108, 8, uid);
        octal(b, 116, 8, gid);
        octal(b, 124, 12, size);
        octal(b, 136, 12, mtime);
        Arrays.fill(b, 148, 156, (byte) ' ');
        b[156] = type;
        put(b, 157, 100, link);
        put(b, 257, 6, "ustar\0");
        put(b, 263, 2, "00");
        if (type == Header.CHAR || type == Header.BLOCK_DEVICE) {
            octal(b, 329, 8, Integer.toUnsignedLong(devMajor));
            octal(b, 337, 8, Integer.toUnsignedLong(devMinor));
        }
        long sum = 0;
        for (byte x : b) {
            sum += x & 0xff;
        }
        String checksum = String.format("%06o", sum);
        put(b, 148, 6, checksum);
        b[154] = 0;
        b[155] = ' ';
        return b;
    }

    private static void put(byte[] b, int offset, int length, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(bytes, 0, b, offset, Math.min(bytes.length, length));
    }

    /** Zero-padded octal with a NUL terminator, as Go writes numeric fields. */
    private static void octal(byte[] b, int offset, int length, long value) {
        String digits = Long.toOctalString(value);
        String field = "0".repeat(length - 1 - digits.length()) + digits;
        put(b, offset, length - 1, field);
        b[offset + length - 1] = 0;
    }
}
