package io.jocker.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jocker.api.client.JsonTrees;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The human-readable shapes, golden against what the docker CLI prints for the same data. */
class PrettyOutputTest {

    @Test
    void version_withAnOlderServerAndExtraComponents_matchesDockersLayout() {
        JsonNode data = JsonTrees.read("""
                {"Client":{"Version":"0.1.0","ApiVersion":"1.41","DefaultAPIVersion":"1.44","GitCommit":"abc",
                 "GoVersion":"java25","Os":"linux","Arch":"amd64","BuildTime":"","Context":"default"},
                 "Server":{"Platform":{"Name":""},"Components":[
                  {"Name":"Engine","Version":"20.10.24","Details":{"ApiVersion":"1.41","Arch":"amd64",
                   "BuildTime":"2026-05-07T21:09:36.000000000+00:00","Experimental":"false","GitCommit":"5d6db84",
                   "GoVersion":"go1.19.8","KernelVersion":"6.1","MinAPIVersion":"1.12","Os":"linux"}},
                  {"Name":"runc","Version":"1.1.5","Details":{"GitCommit":"v1.1.5"}}]}}
                """);
        assertThat(VersionCommand.pretty(data)).isEqualTo("""
                Client:
                 Version:           0.1.0
                 API version:       1.41 (downgraded from 1.44)
                 Go version:        java25
                 Git commit:        abc
                 Built:            \s
                 OS/Arch:           linux/amd64
                 Context:           default

                Server:
                 Engine:
                  Version:          20.10.24
                  API version:      1.41 (minimum version 1.12)
                  Go version:       go1.19.8
                  Git commit:       5d6db84
                  Built:            Thu May  7 21:09:36 2026
                  OS/Arch:          linux/amd64
                  Experimental:     false
                 runc:
                  Version:          1.1.5
                  GitCommit:        v1.1.5
                """);
    }

    @Test
    void version_withoutServer_printsOnlyTheClient() {
        JsonNode data = JsonTrees.read("""
                {"Client":{"Version":"0.1.0","ApiVersion":"1.44","DefaultAPIVersion":"1.44","GitCommit":"abc",
                 "GoVersion":"java25","Os":"linux","Arch":"amd64","BuildTime":"","Context":"default"},"Server":null}
                """);
        assertThat(VersionCommand.pretty(data)).endsWith(" Context:           default\n").doesNotContain("Server");
    }

    @Test
    void builtTime_notADate_isShownAsItCame() {
        assertThat(VersionCommand.builtTime("")).isEmpty();
        assertThat(VersionCommand.builtTime("yesterday")).isEqualTo("yesterday");
    }

    @Test
    void info_securityOptionsAndLabels_areListedAsDockerDoes() {
        JsonNode info = JsonTrees.read("""
                {"Containers":1,"ContainersRunning":1,"ContainersPaused":0,"ContainersStopped":0,"Images":2,
                 "ServerVersion":"25.0.0","Driver":"overlay2","DriverStatus":[["Backing Filesystem","extfs"]],
                 "SecurityOptions":["name=seccomp,profile=builtin","name=cgroupns"],"Labels":["a=b"],
                 "MemTotal":25276502016,"NCPU":2,"Runtimes":{"crun":{"path":"crun"},"runc":{"path":"runc"}},
                 "RegistryConfig":{"InsecureRegistryCIDRs":["127.0.0.0/8"]}}
                """);
        String text = InfoCommand.pretty(info);
        assertThat(text).startsWith(" Containers: 1\n  Running: 1\n  Paused: 0\n  Stopped: 0\n Images: 2\n")
                .contains(" Storage Driver: overlay2\n  Backing Filesystem: extfs\n")
                .contains(" Runtimes: crun runc\n")
                .contains(" Security Options:\n  seccomp\n   Profile: builtin\n  cgroupns\n")
                .contains(" Total Memory: 23.54GiB\n")
                .contains(" Labels:\n  a=b\n")
                .contains(" Insecure Registries:\n  127.0.0.0/8\n");
    }

    @Test
    void binarySize_usesGoUnitsRounding() {
        assertThat(InfoCommand.binarySize(0)).isEqualTo("0B");
        assertThat(InfoCommand.binarySize(1024)).isEqualTo("1KiB");
        assertThat(InfoCommand.binarySize(1536)).isEqualTo("1.5KiB");
        assertThat(InfoCommand.binarySize(25276502016L)).isEqualTo("23.54GiB");
    }

    @Test
    void event_prettyLine_hasTimeTypeActionIdAndSortedAttributes() {
        JsonNode event = JsonTrees.read("""
                {"Type":"volume","Action":"create","Actor":{"ID":"refvol","Attributes":{"z":"1","driver":"local"}},
                 "scope":"local","time":1795367770,"timeNano":1795367770935374699}
                """);
        assertThat(EventsCommand.pretty(event, ZoneOffset.UTC))
                .isEqualTo("2026-11-22T17:16:10.935374699Z volume create refvol (driver=local, z=1)\n");
    }

    @Test
    void event_withoutAttributes_hasNoParentheses() {
        JsonNode event = JsonTrees.read("{\"Type\":\"image\",\"Action\":\"delete\",\"Actor\":{\"ID\":\"sha256:x\"},\"time\":1}");
        assertThat(EventsCommand.pretty(event, ZoneOffset.UTC)).isEqualTo("1970-01-01T00:00:01.000000000Z image delete sha256:x\n");
    }

    @Test
    void filters_nameEqualsValue_groupedByLowerCasedName() {
        assertThat(EventsCommand.parseFilters(java.util.List.of("type=container", "Type=image", "label=a=b")))
                .containsEntry("type", java.util.Set.of("container", "image"))
                .containsEntry("label", java.util.Set.of("a=b"));
    }
}
