package dev.blazen.camel.workflow.step;

import dev.blazen.camel.workflow.InvalidStepException;
import dev.blazen.camel.workflow.context.WorkflowContext;
import dev.blazen.camel.workflow.event.Events;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Turns the {@link Step}-annotated methods of a bean into step definitions. */
public final class BeanSteps {

    private BeanSteps() {
    }

    public static List<StepDefinition> of(String workflow, Object bean) {
        List<StepDefinition> steps = new ArrayList<>();
        for (Method method : bean.getClass().getMethods()) {
            Step step = method.getAnnotation(Step.class);
            if (step != null) {
                steps.add(define(workflow, bean, method, step));
            }
        }
        if (steps.isEmpty()) {
            throw new InvalidStepException(workflow, bean.getClass().getName(), "the bean has no public @Step methods");
        }
        return steps;
    }

    private static StepDefinition define(String workflow, Object bean, Method method, Step step) {
        String name = step.name().isEmpty() ? method.getName() : step.name();
        if (Modifier.isStatic(method.getModifiers())) {
            throw new InvalidStepException(workflow, name, "@Step methods must not be static");
        }
        Class<?>[] params = method.getParameterTypes();
        int eventIndex = -1;
        for (int i = 0; i < params.length; i++) {
            if (params[i] == WorkflowContext.class) {
                continue;
            }
            if (eventIndex >= 0) {
                throw new InvalidStepException(workflow, name, "a @Step method takes one event parameter and optionally a "
                        + "WorkflowContext, but " + method + " has more");
            }
            eventIndex = i;
        }
        if (eventIndex < 0) {
            throw new InvalidStepException(workflow, name, "a @Step method needs an event parameter: " + method);
        }
        Class<?> eventClass = params[eventIndex];
        List<String> accepts = Arrays.asList(step.accepts());
        if (accepts.isEmpty()) {
            if (eventClass == Object.class || Map.class.isAssignableFrom(eventClass)) {
                throw new InvalidStepException(workflow, name, "the event parameter is " + eventClass.getSimpleName()
                        + ", which names no event type: set @Step(accepts = ...)");
            }
            accepts = List.of(Events.typeName(eventClass));
        }
        Events.register(eventClass);
        MethodHandle handle;
        try {
            method.setAccessible(true);
            handle = MethodHandles.lookup().unreflect(method).bindTo(bean);
        } catch (IllegalAccessException | RuntimeException e) {
            throw new InvalidStepException(workflow, name, "cannot call " + method + ": " + e.getMessage());
        }
        StepInvoker invoker = new MethodInvoker(handle.asSpreader(Object[].class, params.length), params, eventIndex);
        return new StepDefinition(workflow, name, new LinkedHashSet<>(accepts), step.maxConcurrency(), Duration.ofMillis(step.timeoutMillis()),
                0, step.compensation(), invoker);
    }

    private record MethodInvoker(MethodHandle handle, Class<?>[] params, int eventIndex) implements StepInvoker {

        @Override
        public void invoke(StepCall call, StepCallback callback) {
            Object output;
            try {
                Object[] args = new Object[params.length];
                for (int i = 0; i < params.length; i++) {
                    args[i] = i == eventIndex ? Events.convert(call.event(), params[i]) : call.context();
                }
                output = handle.invoke(args);
            } catch (Throwable e) {
                callback.done(null, e);
                return;
            }
            callback.done(output, null);
        }
    }
}
