package io.jocker.runtime.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jocker.runtime.spec.ContainerSpecInput.ResolvedUser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserResolverTest {
    @TempDir
    Path root;

    @BeforeEach
    void image() throws IOException {
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), """
                root:x:0:0:root:/root:/bin/sh
                # a comment
                broken line
                app:x:1000:1000:App:/home/app:/bin/sh
                web:x:33:33::/var/www:/bin/false
                """);
        Files.writeString(root.resolve("etc/group"), """
                root:x:0:
                app:x:1000:
                audio:x:29:app,web
                video:x:44:app
                staff:x:50:
                """);
    }

    @Test
    void empty_isRootWithItsHome() {
        assertThat(UserResolver.resolve(root, "")).isEqualTo(new ResolvedUser(0, 0, java.util.List.of(), "/root"));
    }

    @Test
    void name_takesIdsHomeAndTheGroupsThatListIt() {
        assertThat(UserResolver.resolve(root, "app"))
                .isEqualTo(new ResolvedUser(1000, 1000, java.util.List.of(29L, 44L), "/home/app"));
    }

    @Test
    void explicitGroup_replacesThePrimaryAndDropsSupplementaryGroups() {
        assertThat(UserResolver.resolve(root, "app:staff")).isEqualTo(new ResolvedUser(1000, 50, java.util.List.of(),
                "/home/app"));
        assertThat(UserResolver.resolve(root, "app:4242").gid()).isEqualTo(4242);
    }

    @Test
    void numbersNotInTheFiles_areTakenAsTheyAre() {
        assertThat(UserResolver.resolve(root, "1234:5678")).isEqualTo(new ResolvedUser(1234, 5678, java.util.List.of(),
                "/"));
        assertThat(UserResolver.resolve(root, "1234")).isEqualTo(new ResolvedUser(1234, 0, java.util.List.of(), "/"));
        assertThat(UserResolver.resolve(root, "33").home()).isEqualTo("/var/www");
    }

    @Test
    void unknownNames_failWithRuncsText() {
        assertThatThrownBy(() -> UserResolver.resolve(root, "nosuch"))
                .hasMessage("unable to find user nosuch: no matching entries in passwd file");
        assertThatThrownBy(() -> UserResolver.resolve(root, "app:nosuch"))
                .hasMessage("unable to find group nosuch: no matching entries in group file");
    }

    @Test
    void scratchImage_withoutEtc_rootAndNumbersWork() throws IOException {
        Path empty = Files.createDirectory(root.resolve("empty"));
        assertThat(UserResolver.resolve(empty, "")).isEqualTo(new ResolvedUser(0, 0, java.util.List.of(), "/"));
        assertThat(UserResolver.resolve(empty, "1000:1000").uid()).isEqualTo(1000);
    }

    @Test
    void etcSymlinkedOutOfTheRoot_isResolvedInsideIt() throws IOException {
        Path image = Files.createDirectory(root.resolve("image"));
        Files.createDirectories(image.resolve("real"));
        Files.writeString(image.resolve("real/passwd"), "inside:x:7:7::/in:/bin/sh\n");
        Files.createSymbolicLink(image.resolve("etc"), Path.of("/../../real")); // would escape without confinement
        assertThat(UserResolver.resolve(image, "inside").uid()).isEqualTo(7);
    }
}
