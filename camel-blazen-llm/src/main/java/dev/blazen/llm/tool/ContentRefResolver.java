package dev.blazen.llm.tool;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Resolves the content-handle id a model passed for a tool parameter tagged {@code x-blazen-content-ref} into the
 * typed content the tool receives (a content store plugs in here).
 */
@FunctionalInterface
public interface ContentRefResolver {

    /**
     * @param id  the handle id the model sent
     * @param ref the value of the property's {@code x-blazen-content-ref} tag, such as {@code {"kind":"image"}}
     * @return the value the tool sees in place of the id
     */
    JsonNode resolve(String id, JsonNode ref);
}
