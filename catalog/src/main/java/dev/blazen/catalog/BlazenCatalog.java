package dev.blazen.catalog;

import dev.blazen.camel.BlazenEndpoint;
import dev.blazen.camel.BlazenApi;


import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import org.apache.camel.catalog.CamelCatalog;
import org.apache.camel.catalog.ConfigurationPropertiesValidationResult;
import org.apache.camel.catalog.DefaultCamelCatalog;
import org.apache.camel.catalog.EndpointValidationResult;
import org.apache.camel.tooling.model.BaseOptionModel;
import org.apache.camel.tooling.model.ComponentModel;

/**
 * The {@code blazen} component descriptor and a camel-catalog that knows it.
 *
 * <p>The descriptor is the one camel-component-maven-plugin generates into the camel-blazen jar; it is read from
 * the classpath rather than copied, so tooling always sees the descriptor of the component it runs with.
 * The catalog is Camel's own {@link DefaultCamelCatalog} (every Apache Camel component is in it) with
 * {@code blazen} added, so one catalog validates {@code blazen:}, {@code timer:}, {@code platform-http:}, ...
 */
public final class BlazenCatalog {

    public static final String SCHEME = "blazen";
    public static final String COMPONENT_CLASS = "dev.blazen.camel.BlazenComponent";
    /** Where the descriptor lies in the camel-blazen jar (camel-component-maven-plugin's layout: package path). */
    public static final String DESCRIPTOR_RESOURCE = "META-INF/dev/blazen/camel/blazen.json";

    private static final String API = "api";
    private static final String NAME = "name";
    private static final String DURATION = "a duration (for example 500, 30s, 5m, 1h30m)";

    private final String descriptorJson;
    private final DefaultCamelCatalog catalog;
    private final ComponentModel model;
    private final List<String> apis;
    private final Map<String, EndpointRole> apiSides;

    private BlazenCatalog(String descriptorJson) {
        this.descriptorJson = descriptorJson;
        this.catalog = new DefaultCamelCatalog(true);
        catalog.setSuggestionStrategy(new CloseOptionNames());
        catalog.addComponent(SCHEME, COMPONENT_CLASS, descriptorJson);
        this.model = catalog.componentModel(SCHEME);
        if (model == null || !SCHEME.equals(model.getScheme())) {
            throw new IllegalStateException(DESCRIPTOR_RESOURCE + " is not the descriptor of the " + SCHEME + " component");
        }
        this.apis = model.getEndpointPathOptions().stream()
                .filter(option -> API.equals(option.getName()))
                .findFirst()
                .map(BaseOptionModel::getEnums)
                .orElseThrow(() -> new IllegalStateException("the blazen descriptor has no '" + API + "' path enum"));
        this.apiSides = apiSides(model, apis);
    }

    /** Loads the descriptor from this class's class loader (the camel-blazen jar on the classpath). */
    public static BlazenCatalog load() {
        return load(BlazenCatalog.class.getClassLoader());
    }

    public static BlazenCatalog load(ClassLoader classLoader) {
        return new BlazenCatalog(readDescriptor(classLoader));
    }

    /** The generated component descriptor, as JSON text. */
    public static String readDescriptor(ClassLoader classLoader) {
        try (InputStream in = classLoader.getResourceAsStream(DESCRIPTOR_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DESCRIPTOR_RESOURCE + " is not on the classpath: is camel-blazen there?");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DESCRIPTOR_RESOURCE, e);
        }
    }

    public String descriptorJson() {
        return descriptorJson;
    }

    public ComponentModel componentModel() {
        return model;
    }

    /** The apis the descriptor declares (the enum of the {@code api} path parameter). */
    public List<String> apis() {
        return apis;
    }

    /** The catalog {@link #validate} uses: Camel's full catalog plus {@code blazen}. */
    public CamelCatalog camelCatalog() {
        return catalog;
    }

    public UriValidation validate(String uri) {
        return validate(uri, EndpointRole.EITHER);
    }

    /**
     * Validates an endpoint URI of any component camel-catalog knows, as used on the given side of a route.
     *
     * <p>For {@code blazen:} URIs three rules of the component are added that a generic catalog cannot express:
     * an option whose group is another api does not apply to this one; a step's name is
     * {@code workflow/step}; and the api's side (its options are labelled consumer or producer) must match
     * the side it is used on. Property placeholders and simple expressions are left to run time.
     */
    public UriValidation validate(String uri, EndpointRole role) {
        EndpointValidationResult result = catalog.validateEndpointProperties(uri, false,
                role == EndpointRole.CONSUMER, role == EndpointRole.PRODUCER);
        List<String> problems = new ArrayList<>(describe(result));
        if (uri.startsWith(SCHEME + ":") && result.getSyntaxError() == null) {
            problems.addAll(blazenRules(uri, role));
        }
        return new UriValidation(uri, role, result, problems);
    }

    /**
     * Validates one {@code camel.component.<name>.<option>} property (as in application.properties) against the
     * component's options; other keys are not this module's concern and pass.
     */
    public List<String> validateComponentProperty(String key, String value) {
        if (!key.startsWith("camel.component.")) {
            return List.of();
        }
        ConfigurationPropertiesValidationResult result = catalog.validateConfigurationProperty(key + "=" + value);
        return describe(result);
    }

    private List<String> blazenRules(String uri, EndpointRole role) {
        Map<String, String> properties;
        try {
            properties = catalog.endpointProperties(uri);
        } catch (URISyntaxException | RuntimeException e) {
            return List.of("cannot be parsed: " + e.getMessage());
        }
        String api = properties.get(API);
        if (api == null || isPlaceholder(api) || !apis.contains(api)) {
            // missing or unknown apis are already reported by the catalog (required / enum)
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> property : properties.entrySet()) {
            model.getEndpointParameterOptions().stream()
                    .filter(option -> option.getName().equals(property.getKey()))
                    .map(this::apisOf)
                    .filter(owners -> !owners.isEmpty() && !owners.contains(api))
                    .findFirst()
                    .ifPresent(owners -> problems.add("option '" + property.getKey() + "' belongs to "
                            + String.join(" or ", owners.stream().map(owner -> "blazen:" + owner).toList())
                            + ", not to blazen:" + api));
        }
        String name = properties.get(NAME);
        boolean modelCall = BlazenApi.parse(api).isModelCall();
        if (modelCall && properties.get("model") == null) {
            problems.add("blazen:" + api + " needs a model option");
        } else if (!modelCall && (name == null || name.isBlank())) {
            problems.add("blazen:" + api + " needs a name");
        }
        if ("step".equals(api) && name != null && !isPlaceholder(name) && !BlazenEndpoint.isStepName(name)) {
            problems.add("blazen:step needs workflow/step as its name, got '" + name + "'");
        }
        EndpointRole side = apiSides.getOrDefault(api, EndpointRole.EITHER);
        if (side != EndpointRole.EITHER && role != EndpointRole.EITHER && side != role) {
            problems.add("blazen:" + api + " is a " + sideName(side) + " endpoint but is used as a "
                    + sideName(role) + (side == EndpointRole.CONSUMER ? " (use it in from)" : " (use it in to)"));
        }
        return problems;
    }

    private static boolean isPlaceholder(String value) {
        return value.contains("{{") || value.contains("${") || value.contains("$simple{");
    }

    private static String sideName(EndpointRole role) {
        return role == EndpointRole.CONSUMER ? "consumer" : "producer";
    }

    /**
     * The apis an option belongs to: those its label names (an option shared by a few apis names each, as in
     * {@code producer,pipeline,workflow}); none when it applies to every api of its side.
     */
    private List<String> apisOf(BaseOptionModel option) {
        return apisOf(option, apis);
    }

    private static List<String> apisOf(BaseOptionModel option, List<String> apis) {
        return option.getLabel() == null ? List.of()
                : labelSet(option.getLabel()).stream().filter(apis::contains).sorted().toList();
    }

    /**
     * The descriptor has no per-api direction field, but each api's own options carry Camel's
     * consumer or producer label; BlazenEndpoint enforces the same split at run time.
     */
    private static Map<String, EndpointRole> apiSides(ComponentModel model, List<String> apis) {
        Map<String, EndpointRole> sides = new LinkedHashMap<>();
        for (String api : apis) {
            List<String> labels = model.getEndpointParameterOptions().stream()
                    .filter(option -> apisOf(option, apis).contains(api))
                    .map(option -> option.getLabel() == null ? "" : option.getLabel())
                    .toList();
            Predicate<String> consumer = label -> labelSet(label).contains("consumer");
            Predicate<String> producer = label -> labelSet(label).contains("producer");
            if (!labels.isEmpty() && labels.stream().allMatch(consumer) && labels.stream().noneMatch(producer)) {
                sides.put(api, EndpointRole.CONSUMER);
            } else if (!labels.isEmpty() && labels.stream().allMatch(producer) && labels.stream().noneMatch(consumer)) {
                sides.put(api, EndpointRole.PRODUCER);
            } else {
                sides.put(api, EndpointRole.EITHER);
            }
        }
        return sides;
    }

    private static Set<String> labelSet(String label) {
        return Set.copyOf(Arrays.asList(label.toLowerCase(Locale.ROOT).split(",")));
    }

    /** camel-catalog's findings as one sentence each (its own summary is a table meant for consoles). */
    private static List<String> describe(EndpointValidationResult result) {
        List<String> problems = new ArrayList<>();
        Map<String, String[]> suggestions = result.getUnknownSuggestions();
        common(problems, result.getSyntaxError(), result.getUnknownComponent(), result.getIncapable(),
                result.getUnknown(), name -> suggestions == null ? null : suggestions.get(name), result.getRequired());
        if (result.getInvalidEnum() != null) {
            result.getInvalidEnum().forEach((name, value) -> problems.add(invalidEnum(name, value, result.getEnumChoices(name))));
        }
        addInvalid(problems, result.getInvalidBoolean(), "a boolean");
        addInvalid(problems, result.getInvalidInteger(), "an integer");
        addInvalid(problems, result.getInvalidNumber(), "a number");
        addInvalid(problems, result.getInvalidDuration(), DURATION);
        addInvalid(problems, result.getInvalidReference(), "a bean reference (#name)");
        addInvalid(problems, result.getInvalidMap(), "a map (key.name=value)");
        addInvalid(problems, result.getInvalidArray(), "an array (key[0]=value)");
        if (result.getNotConsumerOnly() != null) {
            result.getNotConsumerOnly().forEach(name -> problems.add("option '" + name
                    + "' is for producers but the endpoint is used as a consumer"));
        }
        if (result.getNotProducerOnly() != null) {
            result.getNotProducerOnly().forEach(name -> problems.add("option '" + name
                    + "' is for consumers but the endpoint is used as a producer"));
        }
        return problems;
    }

    // the two result types share a base class camel-catalog keeps package-private, hence the twin method
    private List<String> describe(ConfigurationPropertiesValidationResult result) {
        List<String> problems = new ArrayList<>();
        // camel-catalog files these suggestions under the component name, so look them up here instead
        common(problems, result.getSyntaxError(), result.getUnknownComponent(), result.getIncapable(),
                result.getUnknown(), this::suggestComponentOption, result.getRequired());
        if (result.getInvalidEnum() != null) {
            result.getInvalidEnum().forEach((name, value) -> problems.add(invalidEnum(name, value, result.getEnumChoices(name))));
        }
        addInvalid(problems, result.getInvalidBoolean(), "a boolean");
        addInvalid(problems, result.getInvalidInteger(), "an integer");
        addInvalid(problems, result.getInvalidNumber(), "a number");
        addInvalid(problems, result.getInvalidDuration(), DURATION);
        addInvalid(problems, result.getInvalidReference(), "a bean reference (#name)");
        addInvalid(problems, result.getInvalidMap(), "a map (key.name=value)");
        addInvalid(problems, result.getInvalidArray(), "an array (key[0]=value)");
        return problems;
    }

    private static void common(List<String> problems, String syntaxError, String unknownComponent, String incapable,
            Set<String> unknown, Function<String, String[]> suggestions, Set<String> required) {
        if (syntaxError != null) {
            problems.add("syntax error: " + syntaxError);
        }
        if (unknownComponent != null) {
            problems.add("unknown component '" + unknownComponent + "'");
        }
        if (incapable != null) {
            problems.add("cannot be validated without running it: " + incapable);
        }
        if (unknown != null) {
            for (String name : unknown) {
                String[] close = suggestions.apply(name);
                problems.add("unknown option '" + name + "'"
                        + (close == null || close.length == 0 ? "" : " (did you mean " + String.join(" or ", close) + "?)"));
            }
        }
        if (required != null) {
            required.forEach(name -> problems.add("missing required '" + name + "'"));
        }
    }

    /** For {@code camel.component.<name>.<option>}: the component options close to {@code option}. */
    private String[] suggestComponentOption(String key) {
        String[] parts = key.split("\\.", 4);
        ComponentModel component = parts.length == 4 ? catalog.componentModel(parts[2]) : null;
        if (component == null) {
            return null;
        }
        Set<String> names = new LinkedHashSet<>();
        component.getComponentOptions().forEach(option -> names.add(option.getName()));
        return new CloseOptionNames().suggestEndpointOptions(names, parts[3].replace("-", ""));
    }

    private static String invalidEnum(String name, String value, List<String> choices) {
        return "'" + name + "' must be one of " + choices + ", got '" + value + "'";
    }

    private static void addInvalid(List<String> problems, Map<String, String> invalid, String expected) {
        if (invalid != null) {
            invalid.forEach((name, value) -> problems.add("'" + name + "' must be " + expected + ", got '" + value + "'"));
        }
    }
}
