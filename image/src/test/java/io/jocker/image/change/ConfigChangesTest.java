package io.jocker.image.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jocker.oci.config.ContainerConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigChangesTest {
    private static ContainerConfig apply(String... changes) {
        return ConfigChanges.apply(ContainerConfig.EMPTY, List.of(changes));
    }

    @Test
    void cmdAndEntrypoint_jsonFormAsGiven_shellFormUnderSh() {
        ContainerConfig config = apply("CMD [\"sh\",\"-c\",\"echo hi\"]", "ENTRYPOINT top -b");
        assertThat(config.cmd()).containsExactly("sh", "-c", "echo hi");
        assertThat(config.entrypoint()).containsExactly("/bin/sh", "-c", "top -b");
    }

    @Test
    void envAndLabel_pairsQuotedAndLegacyForms() {
        ContainerConfig config = apply("ENV A=1 B=\"two words\"", "ENV C three words", "LABEL x=y", "ENV A=2");
        assertThat(config.env()).containsExactly("A=2", "B=two words", "C=three words");
        assertThat(config.labels()).containsEntry("x", "y");
    }

    @Test
    void exposeUserWorkdirVolumeStopsignal() {
        ContainerConfig config = apply("EXPOSE 80 53/udp", "USER 1000:1000", "WORKDIR /srv", "VOLUME [\"/data\"]",
                "STOPSIGNAL SIGINT", "ONBUILD RUN true");
        assertThat(config.exposedPorts()).containsExactlyInAnyOrder("80/tcp", "53/udp");
        assertThat(config.user()).isEqualTo("1000:1000");
        assertThat(config.workingDir()).isEqualTo("/srv");
        assertThat(config.volumes()).containsExactly("/data");
        assertThat(config.stopSignal()).isEqualTo("SIGINT");
        assertThat(config.onBuild()).containsExactly("RUN true");
    }

    @Test
    void unknownInstruction_andMissingArguments_areRefused() {
        assertThatThrownBy(() -> apply("RUN rm -rf /")).hasMessage("RUN is not a valid change command");
        assertThatThrownBy(() -> apply("USER")).hasMessage("USER requires exactly one argument");
        assertThatThrownBy(() -> apply("ENV A")).hasMessage("ENV must have two arguments");
    }
}
