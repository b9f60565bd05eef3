package io.jocker.api.types.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HostAddressTest {
    @Test
    void unix_withSchemeOrBarePath() {
        assertThat(HostAddress.parse("unix:///run/jocker.sock")).isEqualTo(new HostAddress.Unix(Path.of("/run/jocker.sock")));
        assertThat(HostAddress.parse("/tmp/x.sock")).isEqualTo(new HostAddress.Unix(Path.of("/tmp/x.sock")));
        assertThat(HostAddress.parse(HostAddress.DEFAULT).toString()).isEqualTo("unix:///run/jocker.sock");
    }

    @Test
    void tcp_withAndWithoutPort_andIpv6() {
        assertThat(HostAddress.parse("tcp://127.0.0.1:2376")).isEqualTo(new HostAddress.Tcp("127.0.0.1", 2376));
        assertThat(HostAddress.parse("tcp://localhost")).isEqualTo(new HostAddress.Tcp("localhost", 2375));
        assertThat(HostAddress.parse("tcp://[::1]:9")).isEqualTo(new HostAddress.Tcp("::1", 9));
        assertThat(new HostAddress.Tcp("::1", 9).toString()).isEqualTo("tcp://[::1]:9");
    }

    @Test
    void unusableValues_areRefusedInTheDockerClisWords() {
        assertThatThrownBy(() -> HostAddress.parse("ssh://host")).hasMessage(
                "unable to parse docker host `ssh://host`: protocol not available: ssh");
        assertThatThrownBy(() -> HostAddress.parse("unix://")).hasMessage("unable to parse docker host `unix://`");
        assertThatThrownBy(() -> HostAddress.parse("tcp://host:1/path")).hasMessageStartingWith("unable to parse docker host");
        assertThatThrownBy(() -> HostAddress.parse("nonsense")).hasMessageStartingWith("unable to parse docker host");
    }
}
