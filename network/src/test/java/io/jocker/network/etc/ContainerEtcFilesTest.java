package io.jocker.network.etc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerEtcFilesTest {
    @TempDir
    Path dir;

    @Test
    void write_threeFiles_asTheSingleFileBuildersMakeThem() throws IOException {
        String host = "nameserver 127.0.0.53\nnameserver 2001:db8::1\nsearch example.com\n";
        var settings = new ContainerEtcFiles.Settings("web", "", List.of("10.200.0.2"),
                List.of(ExtraHost.parse("db:10.0.0.9")), host, DnsSettings.NONE);

        ContainerEtcFiles.Written w = ContainerEtcFiles.write(dir.resolve("c1"), settings);

        assertThat(Files.readString(w.hostname())).isEqualTo("web\n");
        assertThat(Files.readString(w.hosts())).endsWith("db\t10.0.0.9\n".replace("db\t10.0.0.9", "10.0.0.9\tdb")
                + "10.200.0.2\tweb\n");
        assertThat(Files.readString(w.resolvConf()))
                .isEqualTo(ResolvConfFile.forContainer(host, DnsSettings.NONE, false))
                .doesNotContain("127.0.0.53").doesNotContain("2001:db8::1").contains("nameserver 8.8.8.8");
        try (var files = Files.list(dir.resolve("c1"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("hosts", "hostname",
                    "resolv.conf");
        }
    }
}
