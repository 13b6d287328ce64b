package dev.blazen.llm.extract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import dev.blazen.llm.error.ValidationError;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A JSON Schema the answer of an extraction must follow, and the Java type the validated answer becomes
 * ({@link JsonNode} for schemas given as JSON, files or maps, unless {@link #as(Class)} names a class). The schema is
 * compiled once, so an instance is best reused.
 */
public final class ExtractionSchema<T> {

    private static final int LISTED_VIOLATIONS = 10;
    private static final Set<String> PROPERTY_KEYWORDS = Set.of("required", "additionalProperties",
            "unevaluatedProperties", "dependentRequired");
    private static final SchemaRegistryConfig VALIDATION = SchemaRegistryConfig.builder()
            .pathType(PathType.JSON_PATH).build();
    private static final ObjectMapper CONVERTER = JsonMapper.builder().addModule(new Jdk8Module())
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();

    private final JsonNode schema;
    private final Class<T> type;
    private final Schema validator;

    private ExtractionSchema(JsonNode schema, Class<T> type, Schema validator) {
        this.schema = schema;
        this.type = type;
        this.validator = validator;
    }

    /** The schema generated from a Java class (see {@link JsonSchemas#forClass(Class)}); answers become that class. */
    public static <T> ExtractionSchema<T> of(Class<T> type) {
        Objects.requireNonNull(type, "type");
        JsonNode schema = JsonSchemas.forClass(type);
        return new ExtractionSchema<>(schema, type, compile(schema));
    }

    public static ExtractionSchema<JsonNode> of(JsonNode schema) {
        Objects.requireNonNull(schema, "schema");
        JsonNode copy = schema.deepCopy();
        return new ExtractionSchema<>(copy, JsonNode.class, compile(copy));
    }

    public static ExtractionSchema<JsonNode> of(Map<String, ?> schema) {
        return of(JsonSchemas.fromMap(schema));
    }

    /** A schema file, or a classpath resource when the location starts with {@code classpath:}. */
    public static ExtractionSchema<JsonNode> load(String location) {
        return of(JsonSchemas.load(location));
    }

    public static ExtractionSchema<JsonNode> load(Path file) {
        return of(JsonSchemas.load(file));
    }

    /** The same schema, with validated answers converted into {@code target} (for hand-written schemas). */
    public <U> ExtractionSchema<U> as(Class<U> target) {
        return new ExtractionSchema<>(schema, Objects.requireNonNull(target, "target"), validator);
    }

    /** A copy of the JSON Schema. */
    public JsonNode schema() {
        return schema.deepCopy();
    }

    public Class<T> type() {
        return type;
    }

    /**
     * The answer text as the schema's type: the JSON is located ({@link JsonAnswer}), validated, and converted.
     *
     * @throws ValidationError whose {@code field()} is the JSON path of the first violation ({@code $} when the
     *                         answer holds no JSON), listing every violation in its message
     */
    public T parse(String answer) {
        return convert(validate(JsonAnswer.parse(answer)));
    }

    /** Validates a JSON value against the schema; returns it when valid. */
    public JsonNode validate(JsonNode value) {
        List<Error> errors = validator.validate(value);
        if (errors.isEmpty()) {
            return value;
        }
        String listed = errors.stream().limit(LISTED_VIOLATIONS).map(ExtractionSchema::describe)
                .collect(Collectors.joining("; "));
        String more = errors.size() > LISTED_VIOLATIONS ? " (and " + (errors.size() - LISTED_VIOLATIONS) + " more)" : "";
        throw new ValidationError(path(errors.get(0)), "the answer does not match the schema: " + listed + more);
    }

    private T convert(JsonNode value) {
        if (type == JsonNode.class) {
            return type.cast(value);
        }
        try {
            return CONVERTER.treeToValue(value, type);
        } catch (JsonMappingException e) {
            throw new ValidationError(path(e.getPath()), "cannot convert the answer into "
                    + type.getSimpleName() + ": " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new ValidationError("$", "cannot convert the answer into " + type.getSimpleName() + ": "
                    + e.getOriginalMessage());
        }
    }

    private static Schema compile(JsonNode schema) {
        SpecificationVersion version = SpecificationVersion.fromSchemaNode(schema)
                .orElse(SpecificationVersion.DRAFT_2020_12);
        try {
            Schema compiled = SchemaRegistry.withDefaultDialect(version, b -> b.schemaRegistryConfig(VALIDATION))
                    .getSchema(schema);
            compiled.initializeValidators();
            return compiled;
        } catch (SchemaException e) {
            throw new ValidationError("schema", "not a usable JSON Schema: " + e.getMessage());
        }
    }

    /** A missing or unexpected property is reported at the property itself, the rest at the offending value. */
    private static String path(Error error) {
        if (PROPERTY_KEYWORDS.contains(error.getKeyword()) && error.getProperty() != null) {
            return error.getInstanceLocation().append(error.getProperty()).toString();
        }
        return error.getInstanceLocation().toString();
    }

    private static String describe(Error error) {
        String message = error.getMessage();
        String location = error.getInstanceLocation().toString();
        return message.startsWith(location) ? message : location + ": " + message;
    }

    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder("$");
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                path.append('.').append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    @Override
    public String toString() {
        return "ExtractionSchema[" + type.getSimpleName() + "]";
    }
}
