package io.jocker.api.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * JSON trees for the CLI, read with Jackson's streaming parser into Jackson's tree nodes.
 *
 * <p>Why not {@code ObjectMapper.readTree}: building an ObjectMapper costs about 22 ms of every
 * CLI invocation even from the AOT cache (measured: 7 ms for this reader against 29 ms), and a
 * short command such as {@code jocker version} is judged against a bare JVM's start-up. The trees
 * are the same nodes the mapper would build. Thread-safe.
 */
public final class JsonTrees {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonTrees() {}

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static JsonNode read(byte[] json) {
        try (JsonParser parser = FACTORY.createParser(json)) {
            return read(parser);
        } catch (IOException e) {
            throw new UncheckedIOException("the engine sent malformed JSON", e);
        }
    }

    public static JsonNode read(String json) {
        try (JsonParser parser = FACTORY.createParser(json)) {
            return read(parser);
        } catch (IOException e) {
            throw new UncheckedIOException("the engine sent malformed JSON", e);
        }
    }

    /**
     * Reads a stream of JSON values, one after another as the engine's progress streams send them
     * (newline-separated or not, like Go's {@code json.Decoder}), handing each to {@code sink} as
     * it arrives. Returns at the end of the stream.
     */
    public static void readEach(InputStream in, Consumer<JsonNode> sink) throws IOException {
        try (JsonParser parser = FACTORY.createParser(in)) {
            while (parser.nextToken() != null) {
                sink.accept(value(parser));
            }
        }
    }

    private static JsonNode read(JsonParser parser) throws IOException {
        if (parser.nextToken() == null) {
            return NODES.missingNode();
        }
        return value(parser);
    }

    private static JsonNode value(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        return switch (token) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                while (parser.nextToken() != JsonToken.END_OBJECT) {
                    String name = parser.currentName();
                    parser.nextToken();
                    object.set(name, value(parser));
                }
                yield object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(value(parser));
                }
                yield array;
            }
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> NODES.numberNode(parser.getIntValue());
                case LONG -> NODES.numberNode(parser.getLongValue());
                default -> NODES.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new IOException("unexpected JSON token " + token);
        };
    }

    /**
     * The docker CLI's set form of {@code filters}: {"type":{"container":true}}. Keys and values
     * come out sorted, as Go marshals the CLI's {@code map[string]map[string]bool}.
     */
    static String filters(Map<String, ? extends Collection<String>> filters) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = FACTORY.createGenerator(text)) {
            json.writeStartObject();
            for (Map.Entry<String, ? extends Collection<String>> entry : new TreeMap<>(filters).entrySet()) {
                json.writeObjectFieldStart(entry.getKey());
                for (String value : new TreeSet<>(entry.getValue())) {
                    json.writeBooleanField(value, true);
                }
                json.writeEndObject();
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
