package io.jocker.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DetachKeysTest {
    @Test
    void parse_dockersSyntax() {
        assertThat(DetachKeys.parse("")).isEqualTo(DetachKeys.DEFAULT);
        assertThat(DetachKeys.parse("ctrl-p,ctrl-q")).isEqualTo(DetachKeys.DEFAULT);
        DetachKeys.Filter f = DetachKeys.parse("ctrl-@,ctrl-[,a").filter();
        assertThat(f.pass(new byte[] {0, 27, 'a'})).isEmpty();
        assertThat(f.detached()).isTrue();
        for (String bad : new String[] {"ctrl-1", "ctrl-", "abc", "ctrl-pp", "é"}) {
            assertThatThrownBy(() -> DetachKeys.parse(bad)).as(bad)
                    .hasMessage("Invalid detach keys (" + bad + ") provided");
        }
    }

    @Test
    void filter_holdsBackAPossibleStart_andReleasesItWhenItIsNot() {
        DetachKeys.Filter f = DetachKeys.DEFAULT.filter();
        assertThat(f.pass("ab".getBytes())).isEqualTo("ab".getBytes());
        assertThat(f.pass(new byte[] {'x', 16})).isEqualTo(new byte[] {'x'}); // Ctrl-P held back
        assertThat(f.pass(new byte[] {'y'})).isEqualTo(new byte[] {16, 'y'}); // not followed by Ctrl-Q
        assertThat(f.pass(new byte[] {16, 16})).isEqualTo(new byte[] {16}); // the second may still begin it
        assertThat(f.detached()).isFalse();
        assertThat(f.pass(new byte[] {17, 'z'})).isEmpty();
        assertThat(f.detached()).isTrue();
    }
}
