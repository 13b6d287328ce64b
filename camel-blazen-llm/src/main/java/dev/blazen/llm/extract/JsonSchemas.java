package dev.blazen.llm.extract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import com.github.victools.jsonschema.module.jackson.JacksonOption;
import dev.blazen.llm.error.ValidationError;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Where extraction schemas come from: generated from Java classes, read from files or classpath resources, maps. */
public final class JsonSchemas {

    /** Prefix of a schema location that names a classpath resource instead of a file. */
    public static final String CLASSPATH_PREFIX = "classpath:";

    static final ObjectMapper MAPPER = new ObjectMapper();

    private static final SchemaGenerator GENERATOR = createGenerator();

    private JsonSchemas() {
    }

    /**
     * A JSON Schema (draft 2020-12, without the {@code $schema} marker, which some providers refuse) for a Java class:
     * records and beans become objects whose every property is required except {@link Optional} ones, with no
     * additional properties (what strict structured-output modes expect); enums become string enums; lists become
     * arrays; Jackson annotations ({@code @JsonProperty}, {@code @JsonPropertyDescription}, ...) are honoured.
     */
    public static ObjectNode forClass(Class<?> type) {
        return GENERATOR.generateSchema(type);
    }

    /** A schema from a file path, or from a classpath resource when the location starts with {@code classpath:}. */
    public static JsonNode load(String location) {
        if (location.startsWith(CLASSPATH_PREFIX)) {
            String resource = location.substring(CLASSPATH_PREFIX.length());
            String name = resource.startsWith("/") ? resource.substring(1) : resource;
            ClassLoader loader = Optional.ofNullable(Thread.currentThread().getContextClassLoader())
                    .orElse(JsonSchemas.class.getClassLoader());
            try (InputStream in = loader.getResourceAsStream(name)) {
                if (in == null) {
                    throw new ValidationError("schema", "no classpath resource " + name);
                }
                return checked(MAPPER.readTree(in), location);
            } catch (JsonProcessingException e) {
                throw new ValidationError("schema", location + " is not JSON: " + e.getOriginalMessage());
            } catch (IOException e) {
                throw new ValidationError("schema", "cannot read " + location + ": " + e.getMessage());
            }
        }
        return load(Path.of(location));
    }

    public static JsonNode load(Path file) {
        try {
            return checked(MAPPER.readTree(Files.readString(file)), file.toString());
        } catch (NoSuchFileException e) {
            throw new ValidationError("schema", "no schema file " + file);
        } catch (JsonProcessingException e) {
            throw new ValidationError("schema", file + " is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ValidationError("schema", "cannot read " + file + ": " + e.getMessage());
        }
    }

    /** A schema given as nested maps and lists (as YAML or properties configuration yields it). */
    public static JsonNode fromMap(Map<String, ?> schema) {
        return checked(MAPPER.valueToTree(schema), "the schema map");
    }

    private static JsonNode checked(JsonNode schema, String source) {
        if (schema == null || !(schema.isObject() || schema.isBoolean())) {
            throw new ValidationError("schema", source + " is not a JSON Schema (an object or a boolean)");
        }
        return schema;
    }

    private static SchemaGenerator createGenerator() {
        SchemaGeneratorConfigBuilder builder = new SchemaGeneratorConfigBuilder(SchemaVersion.DRAFT_2020_12,
                OptionPreset.PLAIN_JSON)
                .with(new JacksonModule(JacksonOption.FLATTENED_ENUMS_FROM_JSONVALUE,
                        JacksonOption.FLATTENED_ENUMS_FROM_JSONPROPERTY))
                .with(Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT)
                .without(Option.SCHEMA_VERSION_INDICATOR);
        // declaration order: models answer fields in the order the schema lists them, and a record's order is meant
        builder.forTypesInGeneral().withPropertySorter((first, second) -> 0);
        builder.forFields().withRequiredCheck(field -> !field.getType().isInstanceOf(Optional.class));
        return new SchemaGenerator(builder.build());
    }
}
