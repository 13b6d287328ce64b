package dev.blazen.llm.tool.annotation;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks a bean method as a tool; {@code dev.blazen.llm.tool.BeanTools.of(bean)} turns it into one. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Tool {

    /** The tool name; the method name when empty. */
    String name() default "";

    String description();
}
