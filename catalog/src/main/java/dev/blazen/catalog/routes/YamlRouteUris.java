package dev.blazen.catalog.routes;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

import dev.blazen.catalog.EndpointRole;

/**
 * Finds the endpoint URIs of a Camel YAML DSL file.
 *
 * <p>Every mapping key that takes an endpoint ({@code from}, {@code to}, {@code toD}, {@code wireTap},
 * {@code enrich}, {@code pollEnrich}, {@code poll}) is read wherever it appears (routes, route templates, rest
 * verbs, route configurations), in its short form ({@code to: "log:x"}) and its long form ({@code uri:} plus a
 * {@code parameters:} map, joined into one URI the way the YAML DSL joins them). Forms with an expression
 * instead of a URI ({@code enrich: {simple: ...}}) are dynamic and not read.
 */
public final class YamlRouteUris {

    private static final Map<String, EndpointRole> KEYS = Map.of(
            "from", EndpointRole.CONSUMER,
            "pollEnrich", EndpointRole.CONSUMER,
            "poll", EndpointRole.CONSUMER,
            "to", EndpointRole.PRODUCER,
            "toD", EndpointRole.PRODUCER,
            "wireTap", EndpointRole.PRODUCER,
            "enrich", EndpointRole.PRODUCER);

    private static final Pattern URI_START = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*:|\\{\\{).*", Pattern.DOTALL);
    // characters that would end or split a query value if written raw
    private static final Pattern NEEDS_ENCODING = Pattern.compile("[&?#=%+\\s]");

    private YamlRouteUris() {
    }

    /** @throws org.snakeyaml.engine.v2.exceptions.YamlEngineException when the text is not YAML */
    public static List<UriOccurrence> extract(String yaml) {
        List<UriOccurrence> found = new ArrayList<>();
        Compose compose = new Compose(LoadSettings.builder().build());
        for (Node document : compose.composeAllFromString(yaml)) {
            walk(document, found);
        }
        return found;
    }

    private static void walk(Node node, List<UriOccurrence> found) {
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key && KEYS.containsKey(key.getValue())) {
                    endpoint(tuple.getValueNode())
                            .ifPresent(uri -> found.add(new UriOccurrence(line(tuple.getValueNode()), key.getValue(),
                                    KEYS.get(key.getValue()), uri)));
                }
                walk(tuple.getValueNode(), found);
            }
        } else if (node instanceof SequenceNode sequence) {
            sequence.getValue().forEach(child -> walk(child, found));
        }
    }

    private static Optional<String> endpoint(Node value) {
        if (value instanceof ScalarNode scalar) {
            return uriLike(scalar.getValue());
        }
        if (value instanceof MappingNode mapping) {
            Optional<String> uri = scalar(mapping, "uri").flatMap(YamlRouteUris::uriLike);
            Optional<Node> parameters = child(mapping, "parameters");
            if (uri.isEmpty() || parameters.isEmpty() || !(parameters.get() instanceof MappingNode map)) {
                return uri;
            }
            String query = map.getValue().stream()
                    .filter(tuple -> tuple.getKeyNode() instanceof ScalarNode)
                    .map(tuple -> parameter(((ScalarNode) tuple.getKeyNode()).getValue(), tuple.getValueNode()))
                    .filter(parameter -> !parameter.isEmpty())
                    .collect(Collectors.joining("&"));
            if (query.isEmpty()) {
                return uri;
            }
            return Optional.of(uri.get() + (uri.get().contains("?") ? "&" : "?") + query);
        }
        return Optional.empty();
    }

    private static String parameter(String name, Node value) {
        String text;
        if (value instanceof ScalarNode scalar) {
            text = scalar.getValue();
        } else if (value instanceof SequenceNode sequence) {
            // a list value is a comma-separated option value in the URI
            text = sequence.getValue().stream()
                    .filter(item -> item instanceof ScalarNode)
                    .map(item -> ((ScalarNode) item).getValue())
                    .collect(Collectors.joining(","));
        } else {
            return "";
        }
        boolean placeholder = text.startsWith("{{") || text.startsWith("${") || text.startsWith("#");
        String encoded = !placeholder && NEEDS_ENCODING.matcher(text).find()
                ? URLEncoder.encode(text, StandardCharsets.UTF_8) : text;
        return name + "=" + encoded;
    }

    private static Optional<String> uriLike(String text) {
        String trimmed = text.strip();
        return URI_START.matcher(trimmed).matches() ? Optional.of(trimmed) : Optional.empty();
    }

    private static Optional<String> scalar(MappingNode mapping, String key) {
        return child(mapping, key).filter(node -> node instanceof ScalarNode).map(node -> ((ScalarNode) node).getValue());
    }

    private static Optional<Node> child(MappingNode mapping, String key) {
        return mapping.getValue().stream()
                .filter(tuple -> tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key))
                .map(NodeTuple::getValueNode)
                .findFirst();
    }

    private static int line(Node node) {
        return node.getStartMark().map(mark -> mark.getLine() + 1).orElse(0);
    }
}
