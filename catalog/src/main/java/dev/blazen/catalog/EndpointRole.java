package dev.blazen.catalog;

/** Which side of a route an endpoint URI is used on; decides which options camel-catalog accepts. */
public enum EndpointRole {

    /** Used in {@code from}, {@code pollEnrich} and the like: producer-only options are errors. */
    CONSUMER,

    /** Used in {@code to}, {@code toD}, {@code wireTap}, {@code enrich}, a ProducerTemplate: consumer-only options are errors. */
    PRODUCER,

    /** Not known from where the URI is written (a constant, {@code @EndpointInject}): options of either side pass. */
    EITHER
}
