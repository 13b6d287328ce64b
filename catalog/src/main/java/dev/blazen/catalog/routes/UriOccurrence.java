package dev.blazen.catalog.routes;

import dev.blazen.catalog.EndpointRole;

/**
 * An endpoint URI as written in one route source, before property placeholders are resolved.
 *
 * @param line      1-based line where the URI starts
 * @param construct the DSL element that carries it ({@code from}, {@code to}, {@code toD}, ... or {@code literal}
 *                  for a {@code blazen:} string outside any endpoint call)
 * @param role      the side of the route that element uses the endpoint on
 * @param uri       the URI text; Java expressions that cannot be evaluated statically appear as
 *                  {@link JavaRouteUris#UNRESOLVED}
 */
public record UriOccurrence(int line, String construct, EndpointRole role, String uri) {
}
