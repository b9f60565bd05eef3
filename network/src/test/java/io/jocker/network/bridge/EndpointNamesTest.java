package io.jocker.network.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.jocker.network.ipam.Subnet;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EndpointNamesTest {
    @Test
    void hostVeth_fitsIfnamsizAndStartsWithPrefix() {
        Random random = new Random(1);
        for (String id : new String[] {"f".repeat(64), "AB_c.d-e", "x"}) {
            String name = EndpointNames.hostVeth(id, random);
            assertThat(name).startsWith("vj").hasSizeLessThanOrEqualTo(15).matches("[a-z0-9]+");
        }
        assertThat(EndpointNames.hostVeth("AB_c.d-e1234567", random)).startsWith("vjabcde123").hasSize(14);
    }

    @Test
    void macAddress_isDockers() {
        assertThat(EndpointNames.macAddress(Subnet.parseAddress("172.17.0.2"))).isEqualTo("02:42:ac:11:00:02");
    }
}
