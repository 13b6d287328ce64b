package dev.blazen.llm.prompt;

import dev.blazen.llm.error.ValidationError;

import java.nio.file.Path;
import java.util.Optional;

/** A registry failure; {@link #file()} names the prompt file it came from when there is one. */
public class PromptRegistryError extends ValidationError {

    public enum Kind {
        /** a name and version registered twice */
        DUPLICATE,
        /** a file that is not a valid prompt file */
        MALFORMED,
        /** a file or directory that could not be read */
        UNREADABLE,
        /** no template with that name (and version) */
        NOT_FOUND
    }

    private final Kind kind;
    private final Path file;

    public PromptRegistryError(Kind kind, Path file, String problem) {
        super(file == null ? null : file.toString(), problem);
        this.kind = kind;
        this.file = file;
    }

    public Kind kind() {
        return kind;
    }

    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }
}
