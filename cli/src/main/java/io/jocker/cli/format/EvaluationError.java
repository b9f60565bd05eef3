package io.jocker.cli.format;

/**
 * A failure inside a field lookup or a template function, before the executor adds where in the
 * template it happened. Carries only Go's detail text (for example {@code index out of range: 5}).
 */
final class EvaluationError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    EvaluationError(String detail) {
        // No stack trace: this is control flow that always ends as a TemplateException.
        super(detail, null, false, false);
    }
}
