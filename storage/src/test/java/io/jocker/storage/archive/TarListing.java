package io.jocker.storage.archive;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** One line per entry of a plain tar, for comparing archives in tests (xattr values as hex). */
final class TarListing {
    private TarListing() {}

    static List<String> of(byte[] tar) throws IOException {
        List<String> lines = new ArrayList<>();
        LayerStream stream = new LayerStream(new ByteArrayInputStream(tar), Long.MAX_VALUE);
        try (TarArchiveInputStream in = new TarArchiveInputStream(stream, "UTF-8")) {
            while (true) {
                stream.startCapture();
                TarArchiveEntry e = in.getNextEntry();
                LayerStream.Capture capture = stream.stopCapture();
                var scan = TarHeaderScanner.scan(capture.start(), capture.bytes(),
                        e == null ? TarHeaderScanner.Outcome.END : TarHeaderScanner.Outcome.ENTRY);
                if (e == null) {
                    return lines;
                }
                byte[] content = in.readAllBytes();
                StringBuilder line = new StringBuilder()
                        .append(e.getName()).append(' ').append((char) e.getLinkFlag())
                        .append(' ').append(String.format("%04o", e.getMode() & 07777))
                        .append(' ').append(e.getLongUserId()).append(':').append(e.getLongGroupId())
                        .append(' ').append(e.getLastModifiedTime().toInstant().getEpochSecond())
                        .append(' ').append(content.length == 0 ? "-" : TarBuilder.sha256(content));
                if (!e.getLinkName().isEmpty()) {
                    line.append(" -> ").append(e.getLinkName());
                }
                if (e.isCharacterDevice() || e.isBlockDevice()) {
                    line.append(' ').append(e.getDevMajor()).append(',').append(e.getDevMinor());
                }
                for (Map.Entry<String, byte[]> x : LayerApplier.xattrsOf(scan.pax()).entrySet()) {
                    line.append(" xattr:").append(x.getKey()).append('=').append(HexFormat.of().formatHex(x.getValue()));
                }
                lines.add(line.toString());
            }
        }
    }
}
