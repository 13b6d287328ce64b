package dev.blazen.llm.chat;

import com.fasterxml.jackson.annotation.JsonValue;

/** Who produced a message. */
public enum Role {
    SYSTEM, USER, ASSISTANT, TOOL;

    /** The lower-case name every provider's wire format uses. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase();
    }
}
