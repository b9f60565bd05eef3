package io.jocker.api.server.route;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A method and a path template with its handler. Templates use {@code {name}} for one path segment
 * and {@code {name:.*}} for a greedy match (image names contain slashes, colons and at-signs:
 * {@code /images/{name:.*}/json}).
 *
 * @param method the HTTP method
 * @param template the path template, without the version prefix
 * @param bodyMode how the handler receives the body
 * @param inline true when the handler never blocks and may run on the I/O thread (ping, version)
 * @param handler the handler
 */
public record Route(String method, String template, BodyMode bodyMode, boolean inline, RouteHandler handler) {

    public static Route get(String template, RouteHandler handler) {
        return new Route("GET", template, BodyMode.COLLECT, false, handler);
    }

    public static Route head(String template, RouteHandler handler) {
        return new Route("HEAD", template, BodyMode.COLLECT, false, handler);
    }

    public static Route post(String template, RouteHandler handler) {
        return new Route("POST", template, BodyMode.COLLECT, false, handler);
    }

    public static Route put(String template, RouteHandler handler) {
        return new Route("PUT", template, BodyMode.COLLECT, false, handler);
    }

    public static Route delete(String template, RouteHandler handler) {
        return new Route("DELETE", template, BodyMode.COLLECT, false, handler);
    }

    /** The same route, run on the I/O thread: only for handlers that never block. */
    public Route inlined() {
        return new Route(method, template, bodyMode, true, handler);
    }

    /** The same route, receiving its body as a stream. */
    public Route streamingBody() {
        return new Route(method, template, BodyMode.STREAM, inline, handler);
    }

    boolean isStatic() {
        return !template.contains("{");
    }

    /** The template as a regular expression and the names of its parameters, in order. */
    record Compiled(Pattern pattern, List<String> names) {
        static Compiled of(String template) {
            StringBuilder regex = new StringBuilder();
            List<String> names = new ArrayList<>();
            Matcher m = Pattern.compile("\\{([a-zA-Z]+)(:\\.\\*)?}").matcher(template);
            int last = 0;
            while (m.find()) {
                regex.append(Pattern.quote(template.substring(last, m.start())));
                regex.append(m.group(2) != null ? "(.+)" : "([^/]+)");
                names.add(m.group(1));
                last = m.end();
            }
            regex.append(Pattern.quote(template.substring(last)));
            return new Compiled(Pattern.compile(regex.toString()), List.copyOf(names));
        }

        Map<String, String> match(String path) {
            Matcher m = pattern.matcher(path);
            if (!m.matches()) {
                return null;
            }
            Map<String, String> params = new java.util.HashMap<>();
            for (int i = 0; i < names.size(); i++) {
                params.put(names.get(i), m.group(i + 1));
            }
            return params;
        }
    }
}
