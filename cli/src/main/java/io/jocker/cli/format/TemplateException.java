package io.jocker.cli.format;

/**
 * A {@code --format} template could not be parsed or executed.
 *
 * <p>The message uses Go's text/template wording ({@code template: :1: function "nope" not defined})
 * because the docker CLI prints that text verbatim and scripts match on it. It is an invalid
 * argument: the user wrote the template.
 */
public final class TemplateException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public TemplateException(String message) {
        super(message);
    }

    public TemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
