package dev.blazen.camel.aggregation;

import org.apache.camel.RuntimeCamelException;

/**
 * An exchange that a {@link CheckpointAggregationRepository} cannot store because its body (or a value inside it, its
 * exception or a header/property value) is not {@link java.io.Serializable}. Nothing was stored: the message was not
 * aggregated, and its correlation key's bucket is as it was.
 */
public class UnserializableExchangeException extends RuntimeCamelException {

    private final String repositoryName;
    private final String correlationKey;

    public UnserializableExchangeException(String repositoryName, String correlationKey, String what, Throwable cause) {
        super("aggregation repository '" + repositoryName + "' cannot store the exchange of correlation key '"
                + correlationKey + "': " + what + ". Buckets are stored with Java serialization: convert the body to a "
                + "Serializable type (String, byte[], a Serializable class) before the aggregator", cause);
        this.repositoryName = repositoryName;
        this.correlationKey = correlationKey;
    }

    public String repositoryName() {
        return repositoryName;
    }

    public String correlationKey() {
        return correlationKey;
    }
}
