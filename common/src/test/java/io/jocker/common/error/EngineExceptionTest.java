package io.jocker.common.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EngineExceptionTest {

    static Stream<Arguments> factories() {
        return Stream.of(
                Arguments.of((Function<String, EngineException>) EngineException::invalidArgument,
                        ErrorKind.INVALID_ARGUMENT),
                Arguments.of((Function<String, EngineException>) EngineException::notFound, ErrorKind.NOT_FOUND),
                Arguments.of((Function<String, EngineException>) EngineException::conflict, ErrorKind.CONFLICT),
                Arguments.of((Function<String, EngineException>) EngineException::unauthorized,
                        ErrorKind.UNAUTHORIZED),
                Arguments.of((Function<String, EngineException>) EngineException::forbidden, ErrorKind.FORBIDDEN),
                Arguments.of((Function<String, EngineException>) EngineException::notModified,
                        ErrorKind.NOT_MODIFIED),
                Arguments.of((Function<String, EngineException>) EngineException::notImplemented,
                        ErrorKind.NOT_IMPLEMENTED),
                Arguments.of((Function<String, EngineException>) EngineException::unavailable,
                        ErrorKind.UNAVAILABLE),
                Arguments.of((Function<String, EngineException>) m -> EngineException.internal(m, null),
                        ErrorKind.INTERNAL));
    }

    @ParameterizedTest
    @MethodSource("factories")
    void factory_message_carriesKindAndMessageWithoutCause(Function<String, EngineException> factory,
            ErrorKind expected) {
        EngineException e = factory.apply("No such container: abc");

        assertThat(e.kind()).isEqualTo(expected);
        assertThat(e).hasMessage("No such container: abc").hasNoCause();
    }

    @Test
    void factories_coverEveryKind() {
        assertThat(factories().map(a -> (ErrorKind) a.get()[1])).containsExactlyInAnyOrder(ErrorKind.values());
    }

    @Test
    void invalidArgument_withCause_keepsCause() {
        IllegalArgumentException cause = new IllegalArgumentException("bad digest");

        EngineException e = EngineException.invalidArgument("invalid reference format", cause);

        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
        assertThat(e).hasMessage("invalid reference format").hasCause(cause);
    }

    @Test
    void internal_withCause_keepsCause() {
        IOException cause = new IOException("disk full");

        EngineException e = EngineException.internal("writing record", cause);

        assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL);
        assertThat(e.getCause()).isSameAs(cause);
    }

    @Test
    void constructor_nullKind_throwsNullPointerException() {
        assertThatThrownBy(() -> new EngineException(null, "m")).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("kind");
    }

    @Test
    void constructor_nullMessage_throwsNullPointerException() {
        assertThatThrownBy(() -> new EngineException(ErrorKind.CONFLICT, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("message");
    }

    @Test
    void engineException_isUnchecked() {
        assertThat(EngineException.conflict("x")).isInstanceOf(RuntimeException.class);
    }

    @Test
    void wrap_cause_prefixesContextAndKeepsKindAndCause() {
        EngineException cause = EngineException.notFound("No such image: busybox:latest");

        EngineException wrapped = EngineException.wrap("creating container web", cause);

        assertThat(wrapped.kind()).isEqualTo(ErrorKind.NOT_FOUND);
        assertThat(wrapped).hasMessage("creating container web: No such image: busybox:latest");
        assertThat(wrapped.getCause()).isSameAs(cause);
    }

    @Test
    void wrap_twice_nestsContextOutermostFirstAndKeepsOriginalKind() {
        EngineException root = EngineException.conflict("name in use");

        EngineException wrapped = EngineException.wrap("outer", EngineException.wrap("inner", root));

        assertThat(wrapped.kind()).isEqualTo(ErrorKind.CONFLICT);
        assertThat(wrapped).hasMessage("outer: inner: name in use");
        assertThat(wrapped.getCause().getCause()).isSameAs(root);
    }

    @ParameterizedTest
    @MethodSource("factories")
    void wrap_anyKind_keepsThatKind(Function<String, EngineException> factory, ErrorKind expected) {
        EngineException wrapped = EngineException.wrap("context", factory.apply("m"));

        assertThat(wrapped.kind()).isEqualTo(expected);
    }
}
