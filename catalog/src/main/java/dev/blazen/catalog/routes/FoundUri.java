package dev.blazen.catalog.routes;

import java.nio.file.Path;

import dev.blazen.catalog.EndpointRole;

/**
 * An endpoint URI found in a route file, with its property placeholders resolved where the properties allow.
 *
 * @param file      the route file
 * @param dsl       the route language of the file
 * @param line      1-based line
 * @param construct the DSL element that carries the URI ({@code from}, {@code to}, ...)
 * @param role      the side of the route the URI is used on
 * @param written   the URI as written
 * @param uri       the URI to validate: {@code written} with resolvable placeholders replaced
 */
public record FoundUri(Path file, RouteDsl dsl, int line, String construct, EndpointRole role, String written, String uri) {

    public enum RouteDsl { JAVA, YAML }

    public String location() {
        return file + ":" + line;
    }

    public String scheme() {
        int colon = uri.indexOf(':');
        return colon < 0 ? "" : uri.substring(0, colon);
    }

    @Override
    public String toString() {
        return location() + " " + construct + "(" + uri + ")" + (written.equals(uri) ? "" : " written as " + written);
    }
}
