package io.jocker.runtime.shim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jocker.common.error.EngineException;
import org.junit.jupiter.api.Test;

class ExitFileTest {
    @Test
    void parse_decimal_isCode() {
        assertThat(ExitFile.parse("137")).isEqualTo(137);
        assertThat(ExitFile.parse("0\n")).isZero();
    }

    @Test
    void parse_garbage_throws() {
        assertThatThrownBy(() -> ExitFile.parse("")).isInstanceOf(EngineException.class);
        assertThatThrownBy(() -> ExitFile.parse("-1")).isInstanceOf(EngineException.class);
    }

    @Test
    void isFinalName_tempName_false() {
        assertThat(ExitFile.isFinalName("abc123")).isTrue();
        assertThat(ExitFile.isFinalName("abc123.Xy12Zq")).isFalse();
    }
}
