package io.jocker.storage.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.jocker.linux.fs.FileSystemOps.NodeType;
import io.jocker.linux.fs.RecordingFileSystemOps;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Upper directories to layer tars, against the fake seam (whiteouts and opaque dirs in memory). */
class LayerDifferTest {
    private static final FileTime T = FileTime.fromMillis(1_700_000_000_500L);

    @TempDir
    Path tmp;

    Path upper;
    final RecordingFileSystemOps fs = new RecordingFileSystemOps();

    @BeforeEach
    void setUp() throws IOException {
        upper = Files.createDirectory(tmp.toRealPath().resolve("upper"));
    }

    private byte[] diff() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        var diffId = new LayerDiffer(fs).diff(upper, out);
        assertThat(diffId.toString()).isEqualTo(TarBuilder.sha256(out.toByteArray()));
        return out.toByteArray();
    }

    private Path file(String name, String content) throws IOException {
        Path p = upper.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        fs.lchown(p, 0, 0);
        fs.lutimes(p, T, T);
        return p;
    }

    private Path dir(String name) throws IOException {
        Path p = Files.createDirectories(upper.resolve(name));
        fs.lchown(p, 0, 0);
        fs.chmod(p, 0755);
        fs.lutimes(p, T, T);
        return p;
    }

    @Test
    void diff_whiteoutDevice_becomesAnEmptyWhFile() throws IOException {
        dir("etc");
        fs.mkWhiteout(upper.resolve("etc/motd"));
        fs.lchown(upper.resolve("etc/motd"), 5, 6);
        fs.lutimes(upper.resolve("etc/motd"), T, T);
        assertThat(TarListing.of(diff())).containsExactly(
                "etc/ 5 0755 0:0 1700000000 -",
                "etc/.wh.motd 0 0600 5:6 1700000000 -");
    }

    @Test
    void diff_opaqueDirectory_isFollowedByTheMarker_andOverlayBookkeepingIsDropped() throws IOException {
        dir("var");
        Path d = dir("var/lib");
        fs.lsetxattr(d, "trusted.overlay.opaque", new byte[] {'y'});
        fs.lsetxattr(d, "trusted.overlay.origin", new byte[] {0, 1, 2});
        fs.lsetxattr(d, "trusted.overlay.impure", new byte[] {'y'});
        fs.lsetxattr(d, "user.kept", new byte[] {(byte) 0xff});
        file("var/lib/new", "n");
        assertThat(TarListing.of(diff())).containsExactly(
                "var/ 5 0755 0:0 1700000000 -",
                "var/lib/ 5 0755 0:0 1700000000 - xattr:user.kept=ff",
                "var/lib/.wh..wh..opq 0 0755 0:0 1700000000 -",
                "var/lib/new 0 0644 0:0 1700000000 " + TarBuilder.sha256("n".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void diff_opaqueXattrNotY_isNotOpaque() throws IOException {
        fs.lsetxattr(dir("d"), "trusted.overlay.opaque", new byte[] {'x'});
        assertThat(TarListing.of(diff())).containsExactly("d/ 5 0755 0:0 1700000000 -");
    }

    @Test
    void diff_hardLinks_becomeLinksToTheFirstName() throws IOException {
        Path a = file("a", "same");
        Files.createLink(upper.resolve("b"), a);
        fs.chmod(a, 04755);
        assertThat(TarListing.of(diff())).containsExactly(
                "a 0 4755 0:0 1700000000 " + TarBuilder.sha256("same".getBytes(StandardCharsets.UTF_8)),
                "b 1 4755 0:0 1700000000 - -> a");
    }

    @Test
    void diff_orderIsByNameBytesParentsFirst_andStable() throws IOException {
        file("b/z", "");
        file("B", "");
        file("a.txt", "");
        file("a/x", "");
        file("é", "");
        List<String> names = TarListing.of(diff()).stream().map(l -> l.substring(0, l.indexOf(' '))).toList();
        assertThat(names).containsExactly("B", "a/", "a/x", "a.txt", "b/", "b/z", "é");
        assertThat(diff()).isEqualTo(diff());
    }

    @Test
    void diff_symlinksDevicesFifos_andOwners() throws IOException {
        Path link = upper.resolve("link");
        fs.symlink("../../etc//passwd", link);
        fs.lchown(link, 7, 8);
        fs.lutimes(link, T, T);
        fs.mknod(upper.resolve("null"), NodeType.CHAR_DEVICE, 0666, 1, 3);
        fs.lchown(upper.resolve("null"), 0, 0);
        fs.lutimes(upper.resolve("null"), T, T);
        fs.mknod(upper.resolve("fifo"), NodeType.FIFO, 0600, 0, 0);
        fs.lchown(upper.resolve("fifo"), 0, 0);
        fs.lutimes(upper.resolve("fifo"), T, T);
        assertThat(TarListing.of(diff())).containsExactly(
                "fifo 6 0600 0:0 1700000000 -",
                "link 2 0777 7:8 1700000000 - -> ../../etc//passwd",
                "null 3 0666 0:0 1700000000 - 1,3");
    }

    @Test
    void diff_sockets_areSkipped() throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(upper.resolve("sock")));
            assertThat(TarListing.of(diff())).isEmpty();
        }
    }

    @Test
    void diff_emptyUpper_isJustTheEndMarker() throws IOException {
        assertThat(diff()).hasSize(1024).containsOnly(0);
    }
}
