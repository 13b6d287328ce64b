package dev.blazen.examples;

import dev.blazen.examples.approval.ApprovalDesk;
import dev.blazen.examples.approval.PurchaseOrderDrafter;
import dev.blazen.examples.review.ReviewRoutes;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.apache.camel.spi.PackageScanResourceResolver;
import org.apache.camel.support.PluginHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;

/**
 * The examples application: camel-main with the YAML routes under {@code classpath:routes/}, the Java
 * {@link ReviewRoutes}, the embedded HTTP server of camel-platform-http-main, and any route files the user names. The
 * beans {@value PurchaseOrderDrafter#BEAN} and {@value ApprovalDesk#BEAN} serve the approval workflow's YAML routes.
 * <p>
 * Every command-line argument that is not a camel-main option (such as {@code -d 30}) is a route pattern, for example
 * {@code file:my-routes/*.yaml}; the property {@value #ROUTES_PROPERTY} (application.properties, {@code -D} or the
 * {@code BLAZEN_EXAMPLES_ROUTES} environment variable) adds more. Both are appended to camel-main's
 * {@code camel.main.routesIncludePattern}, so users add workflows and endpoints without rebuilding.
 */
public class ExamplesApplication extends Main {

    /** Comma-separated extra route patterns. */
    public static final String ROUTES_PROPERTY = "blazen.examples.routes";

    /**
     * Directory that relative {@code file:} route patterns are resolved against; defaults to the working directory.
     * The Maven exec configuration sets it to this module, where {@code my-routes/} lives.
     */
    public static final String BASE_DIR_PROPERTY = "blazen.examples.base-dir";

    private static final Logger LOGGER = LoggerFactory.getLogger(ExamplesApplication.class);

    private final List<String> argumentRoutes = new ArrayList<>();

    public ExamplesApplication() {
        // no base-package scan: the routes are listed here, so test RouteBuilders on the classpath are never picked up
        this.mainClass = ExamplesApplication.class;
        configure().addRoutesBuilder(new ReviewRoutes());
        // what the approval routes (routes/approvals*.yaml) saw of their runs
        bind(ApprovalDesk.BEAN, new ApprovalDesk());
        bind(PurchaseOrderDrafter.BEAN, new PurchaseOrderDrafter());
    }

    public static void main(String[] args) throws Exception {
        int code = new ExamplesApplication().run(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** The route patterns taken from the command line so far. */
    List<String> argumentRoutes() {
        return List.copyOf(argumentRoutes);
    }

    /**
     * Separates route patterns from camel-main options: camel-main rejects any argument it does not know, so the
     * patterns are taken out first. An option that takes a value (such as {@code -d 30}) keeps its value.
     */
    @Override
    public void parseArguments(String[] arguments) {
        initOptions();
        List<String> camelArguments = new ArrayList<>();
        LinkedList<String> remaining = new LinkedList<>(List.of(arguments));
        while (!remaining.isEmpty()) {
            String argument = remaining.removeFirst();
            if (!argument.startsWith("-")) {
                argumentRoutes.addAll(RouteIncludes.split(argument));
                continue;
            }
            camelArguments.add(argument);
            if (takesValue(argument) && !remaining.isEmpty()) {
                camelArguments.add(remaining.removeFirst());
            }
        }
        super.parseArguments(camelArguments.toArray(String[]::new));
    }

    private boolean takesValue(String argument) {
        // same matching rule as camel-main's Option.processOption
        return options.stream()
                .filter(o -> argument.equalsIgnoreCase(o.getAbbreviation()) || o.getFullName().startsWith(argument))
                .findFirst()
                .map(o -> o instanceof ParameterOption)
                .orElse(false);
    }

    /**
     * Runs after camel-main applied application.properties, so the configured include pattern is known and the
     * extra patterns are appended to it rather than replacing it.
     */
    @Override
    protected void configureRoutes(CamelContext camelContext) throws Exception {
        List<String> extra = new ArrayList<>(RouteIncludes.split(
                camelContext.getPropertiesComponent().resolveProperty(ROUTES_PROPERTY).orElse(null)));
        extra.addAll(argumentRoutes);
        if (!extra.isEmpty()) {
            Path baseDir = Path.of(camelContext.getPropertiesComponent().resolveProperty(BASE_DIR_PROPERTY)
                    .filter(dir -> !dir.isBlank()).orElse(System.getProperty("user.dir")));
            List<String> matching = matching(camelContext, extra, baseDir);
            String combined = RouteIncludes.combine(configure().getRoutesIncludePattern(), matching, baseDir);
            configure().setRoutesIncludePattern(combined);
            LOGGER.info("Loading routes from {}", combined);
        }
        super.configureRoutes(camelContext);
    }

    /**
     * The patterns that match at least one file. A pattern that matches none fails the start (a misspelt path would
     * otherwise start the application silently without the user's routes), unless it ends with ?optional=true: then
     * it is left out, because camel-main itself fails on a directory that does not exist.
     */
    private static List<String> matching(CamelContext camelContext, List<String> patterns, Path baseDir) {
        PackageScanResourceResolver resolver = PluginHelper.getPackageScanResourceResolver(camelContext);
        List<String> matching = new ArrayList<>();
        for (String pattern : patterns) {
            String resolved = RouteIncludes.withoutOptional(RouteIncludes.resolve(pattern, baseDir));
            Exception lookupError = null;
            boolean found;
            try {
                found = !resolver.findResources(resolved).isEmpty();
            } catch (Exception e) {
                // a directory that does not exist surfaces as an exception rather than as no match
                lookupError = e;
                found = false;
            }
            if (found) {
                matching.add(pattern);
            } else if (RouteIncludes.isOptional(pattern)) {
                LOGGER.info("Optional route pattern {} matches no file (looked for {})", pattern, resolved);
            } else {
                throw new IllegalArgumentException("Route pattern '" + pattern + "' matches no file (looked for "
                        + resolved + "); append " + RouteIncludes.OPTIONAL_SUFFIX + " to allow that", lookupError);
            }
        }
        return matching;
    }
}
