package dev.blazen.examples;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RouteIncludesTest {

    private final Path base = Path.of("/opt/app");

    @Test
    void relativeFilePatternsResolveAgainstTheBaseDirectory() {
        assertThat(RouteIncludes.resolve("file:my-routes/*.yaml", base)).isEqualTo("file:/opt/app/my-routes/*.yaml");
        assertThat(RouteIncludes.resolve("file:*.yaml?optional=true", base)).isEqualTo("file:/opt/app/*.yaml?optional=true");
        assertThat(RouteIncludes.resolve("file:/srv/routes/**/*.yaml", base)).isEqualTo("file:/srv/routes/**/*.yaml");
        assertThat(RouteIncludes.resolve("classpath:camel/*.yaml", base)).isEqualTo("classpath:camel/*.yaml");
    }

    @Test
    void extraPatternsAreAppendedToTheConfiguredOnesOnce() {
        String combined = RouteIncludes.combine("classpath:routes/*.yaml", List.of("file:a/*.yaml", "file:/b/x.yaml",
                "file:a/*.yaml"), base);

        assertThat(combined).isEqualTo("classpath:routes/*.yaml,file:/opt/app/a/*.yaml,file:/b/x.yaml");
    }

    @Test
    void splitDropsBlanks() {
        assertThat(RouteIncludes.split(" file:a/*.yaml , ,classpath:b.yaml ")).containsExactly("file:a/*.yaml", "classpath:b.yaml");
        assertThat(RouteIncludes.split("  ")).isEmpty();
        assertThat(RouteIncludes.split(null)).isEmpty();
    }

    @Test
    void commandLineSeparatesRoutePatternsFromCamelOptions() {
        ExamplesApplication app = new ExamplesApplication();

        app.parseArguments(new String[] {"-d", "7", "file:one/*.yaml,file:two.yaml", "-t", "classpath:three.yaml"});

        assertThat(app.argumentRoutes()).containsExactly("file:one/*.yaml", "file:two.yaml", "classpath:three.yaml");
        assertThat(app.configure().getDurationMaxSeconds()).isEqualTo(7);
        assertThat(app.configure().isTracing()).isTrue();
    }
}
