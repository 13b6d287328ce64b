package dev.blazen.camel.aggregation;

import dev.blazen.camel.workflow.checkpoint.CheckpointStoreException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.WrappedFile;
import org.apache.camel.support.CamelObjectInputStream;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.DefaultExchangeHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Date;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exchanges to bytes and back through Camel's {@link DefaultExchangeHolder} and Java serialization: the exchange id,
 * the body, headers, exchange properties and variables (values of simple types: String, Number, Character, Boolean,
 * Date; of any Serializable type with {@code allowSerializedHeaders}), and the exception.
 */
final class ExchangeCodec {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointAggregationRepository.class);

    private final String repositoryName;
    private final boolean allowSerializedHeaders;
    private final ObjectInputFilter filter;
    private final Set<String> warnedProperties = ConcurrentHashMap.newKeySet();

    ExchangeCodec(String repositoryName, boolean allowSerializedHeaders, String deserializationFilter) {
        this.repositoryName = repositoryName;
        this.allowSerializedHeaders = allowSerializedHeaders;
        this.filter = deserializationFilter == null || deserializationFilter.isBlank() ? null
                : ObjectInputFilter.Config.createFilter(deserializationFilter);
    }

    /** @throws UnserializableExchangeException naming the correlation key when the exchange cannot be stored */
    byte[] encode(Exchange exchange, String correlationKey) {
        requireSerializableBody(exchange, correlationKey);
        warnOfLeftOutProperties(exchange);
        DefaultExchangeHolder holder = DefaultExchangeHolder.marshal(exchange, true, allowSerializedHeaders, true);
        if (allowSerializedHeaders) {
            keepCharSequences(holder, exchange);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(holder);
        } catch (NotSerializableException e) {
            throw new UnserializableExchangeException(repositoryName, correlationKey,
                    "it holds a " + e.getMessage() + ", which is not Serializable", e);
        } catch (IOException e) {
            throw new UnserializableExchangeException(repositoryName, correlationKey,
                    "Java serialization failed: " + e, e);
        }
        return bytes.toByteArray();
    }

    // DefaultExchangeHolder would drop such a body with a WARN line; a lost body is worse than a failed message
    private void requireSerializableBody(Exchange exchange, String correlationKey) {
        Object body = exchange.getIn().getBody();
        if (body == null) {
            return;
        }
        if (body instanceof File || body instanceof WrappedFile) {
            throw new UnserializableExchangeException(repositoryName, correlationKey, "its body is a file ("
                    + body.getClass().getName() + "), which is stored by reference only; read it into a String or "
                    + "byte[] first", null);
        }
        if (exchange.getContext().getTypeConverter().tryConvertTo(Serializable.class, exchange, body) == null) {
            throw new UnserializableExchangeException(repositoryName, correlationKey,
                    "its body is a " + body.getClass().getName() + ", which is not Serializable", null);
        }
    }

    // a strategy that keeps its state in a property would start over with every message, without an error
    private void warnOfLeftOutProperties(Exchange exchange) {
        if (allowSerializedHeaders) {
            return;
        }
        exchange.getAllProperties().forEach((name, value) -> {
            if (value instanceof Serializable && !isSimple(value) && warnedProperties.add(name)) {
                LOG.warn("Aggregation repository '{}' leaves out exchange property '{}' ({}): without "
                        + "allowSerializedHeaders=true only String, Number, Character, Boolean, Date and Throwable values "
                        + "are stored. An AggregationStrategy that keeps its state in a property (Camel's "
                        + "StringAggregationStrategy and groupedBody do) needs allowSerializedHeaders=true",
                        repositoryName, name, value.getClass().getName());
            }
        });
    }

    private static boolean isSimple(Object value) {
        return value instanceof String || value instanceof Number || value instanceof Character
                || value instanceof Boolean || value instanceof Date || value instanceof Throwable;
    }

    // the holder stores any CharSequence as its String; the StringBuffer Camel's StringAggregationStrategy keeps its
    // text in must come back as the same type, or the next append goes to a converted copy
    private static void keepCharSequences(DefaultExchangeHolder holder, Exchange exchange) {
        exchange.getAllProperties().forEach((name, value) -> {
            if (value instanceof CharSequence && !(value instanceof String) && value instanceof Serializable kept) {
                DefaultExchangeHolder.addProperty(holder, name, kept);
            }
        });
        exchange.getVariables().forEach((name, value) -> {
            if (value instanceof CharSequence && !(value instanceof String) && value instanceof Serializable kept) {
                DefaultExchangeHolder.addVariable(holder, name, kept);
            }
        });
    }

    /** @param what names the record in errors */
    Exchange decode(CamelContext context, byte[] data, String what) {
        try (ObjectInputStream in = new CamelObjectInputStream(new ByteArrayInputStream(data), context)) {
            if (filter != null) {
                in.setObjectInputFilter(filter);
            }
            DefaultExchangeHolder holder = (DefaultExchangeHolder) in.readObject();
            Exchange exchange = new DefaultExchange(context);
            DefaultExchangeHolder.unmarshal(exchange, holder);
            return exchange;
        } catch (InvalidClassException e) {
            throw new CheckpointStoreException(what + " of aggregation repository '" + repositoryName
                    + "' cannot be read: " + e.getMessage() + " (a class outside deserializationFilter is rejected; "
                    + "add its package to the filter)", e);
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
            throw new CheckpointStoreException(what + " of aggregation repository '" + repositoryName
                    + "' cannot be read: " + e, e);
        }
    }
}
