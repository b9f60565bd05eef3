package io.jocker.network.ipam;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalIpamTest extends IpamContract {
    @TempDir
    Path dir;

    @Override
    Ipam create() {
        return Ipam.open(dir);
    }

    @Override
    Ipam restart(Ipam before) {
        return Ipam.open(dir);
    }

    @Test
    void record_isReadableJsonNamedByNetworkId() throws Exception {
        Ipam ipam = create();
        ipam.addPool(ID, "bridge", Subnet.parse("10.200.0.0/24"), null);
        ipam.allocate(ID);
        String json = Files.readString(dir.resolve(ID + ".json"));
        assertThat(json).contains("\"version\":1", "\"subnet\":\"10.200.0.0/24\"", "\"allocated\":[\"10.200.0.2\"]");
    }
}
