package dev.blazen.llm.tool;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blazen.llm.chat.ToolDefinition;
import dev.blazen.llm.error.ToolError;
import dev.blazen.llm.error.ValidationError;
import dev.blazen.llm.extract.JsonSchemas;
import dev.blazen.llm.http.HttpTransport;
import dev.blazen.llm.tool.annotation.ToolParam;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Tools from the {@link dev.blazen.llm.tool.annotation.Tool @Tool} methods of a bean. The parameters become the
 * properties of the tool's JSON Schema (their names need the {@code -parameters} compiler flag), each described by
 * the schema of its type; arguments are converted to the parameter types with Jackson, and the return value becomes
 * the tool's data (a returned {@link ToolOutput} is used as it is).
 */
public final class BeanTools {

    private BeanTools() {
    }

    public static List<Tool> of(Object bean) {
        List<Tool> tools = new ArrayList<>();
        Method[] methods = bean.getClass().getMethods();
        Arrays.sort(methods, Comparator.comparing(Method::getName));
        for (Method method : methods) {
            dev.blazen.llm.tool.annotation.Tool annotation = method.getAnnotation(dev.blazen.llm.tool.annotation.Tool.class);
            if (annotation != null) {
                tools.add(new MethodTool(bean, method, annotation));
            }
        }
        if (tools.isEmpty()) {
            throw new ValidationError("bean", bean.getClass().getName() + " has no public @Tool methods");
        }
        return tools;
    }

    /** The JSON Schema of a method's parameters. */
    static ObjectNode parametersSchema(Method method) {
        ObjectNode schema = HttpTransport.JSON.createObjectNode().put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = HttpTransport.JSON.createArrayNode();
        for (Parameter parameter : method.getParameters()) {
            if (!parameter.isNamePresent()) {
                throw new ValidationError("parameters", method + " was compiled without -parameters, so its"
                        + " parameter names are unknown");
            }
            boolean optional = parameter.getType() == Optional.class;
            ObjectNode property = JsonSchemas.forClass(optional ? rawTypeArgument(parameter) : parameter.getType());
            ToolParam param = parameter.getAnnotation(ToolParam.class);
            if (param != null && !param.description().isBlank()) {
                property.put("description", param.description());
            }
            properties.set(parameter.getName(), property);
            if (!optional && (param == null || param.required())) {
                required.add(parameter.getName());
            }
        }
        schema.set("required", required);
        schema.put("additionalProperties", false);
        return schema;
    }

    private static Class<?> rawTypeArgument(Parameter parameter) {
        Type type = parameter.getParameterizedType();
        if (type instanceof ParameterizedType generic && generic.getActualTypeArguments()[0] instanceof Class<?> raw) {
            return raw;
        }
        return Object.class;
    }

    private static final class MethodTool implements Tool {

        private final Object bean;
        private final Method method;
        private final ToolDefinition definition;

        MethodTool(Object bean, Method method, dev.blazen.llm.tool.annotation.Tool annotation) {
            if (Modifier.isStatic(method.getModifiers())) {
                throw new ValidationError("method", "@Tool method " + method.getName() + " must not be static");
            }
            this.bean = bean;
            this.method = method;
            String name = annotation.name().isBlank() ? method.getName() : annotation.name();
            this.definition = new ToolDefinition(name, annotation.description(), parametersSchema(method));
        }

        @Override
        public ToolDefinition definition() {
            return definition;
        }

        @Override
        public ToolOutput execute(JsonNode arguments) {
            Parameter[] parameters = method.getParameters();
            Object[] values = new Object[parameters.length];
            for (int i = 0; i < parameters.length; i++) {
                values[i] = argument(parameters[i], arguments == null ? null : arguments.get(parameters[i].getName()));
            }
            try {
                return ToolOutput.ofValue(method.invoke(bean, values));
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (cause instanceof Error error) {
                    throw error;
                }
                throw new ToolError(definition.name(), cause.getClass().getSimpleName() + ": " + cause.getMessage());
            } catch (IllegalAccessException e) {
                throw new ToolError(definition.name(), "cannot call " + method.getName() + ": " + e.getMessage());
            }
        }

        private Object argument(Parameter parameter, JsonNode value) {
            boolean missing = value == null || value.isNull();
            if (parameter.getType() == Optional.class) {
                if (missing) {
                    return Optional.empty();
                }
                JavaType inner = HttpTransport.JSON.getTypeFactory().constructType(
                        ((ParameterizedType) parameter.getParameterizedType()).getActualTypeArguments()[0]);
                return Optional.of(convert(parameter, value, inner));
            }
            if (missing) {
                ToolParam param = parameter.getAnnotation(ToolParam.class);
                if (param == null || param.required()) {
                    throw new ValidationError(parameter.getName(), "missing required argument '" + parameter.getName() + "'");
                }
                return parameter.getType().isPrimitive() ? convert(parameter, HttpTransport.JSON.valueToTree(0),
                        HttpTransport.JSON.constructType(parameter.getType())) : null;
            }
            return convert(parameter, value, HttpTransport.JSON.getTypeFactory().constructType(parameter.getParameterizedType()));
        }

        private static Object convert(Parameter parameter, JsonNode value, JavaType type) {
            try {
                return HttpTransport.JSON.convertValue(value, type);
            } catch (IllegalArgumentException e) {
                throw new ValidationError(parameter.getName(), "argument '" + parameter.getName() + "' is not a "
                        + type.getRawClass().getSimpleName());
            }
        }
    }
}
