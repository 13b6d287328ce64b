package dev.blazen.camel.pipeline;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the {@code stages} option of {@code blazen:pipeline}, so YAML routes can define a pipeline without Java:
 *
 * <pre>
 * stages   := stage ("," stage)*
 * stage    := name ":" workflow                        a stage running a workflow
 *           | name ":" ("all" | "first") "(" branch ("," branch)* ")"
 *                                                     a parallel stage: wait for all branches (result: a Map of
 *                                                     branch name to result) or the first to succeed
 * branch   := name ":" workflow
 * </pre>
 *
 * for example {@code extract:extractWorkflow, enrich:all(sentiment:sentimentWorkflow, entities:entityWorkflow),
 * summarize:summaryWorkflow}. Names are any characters but {@code , : ( )} and white space, which may surround them.
 */
final class PipelineSpec {

    private final String pipeline;
    private final String text;
    private int position;

    private PipelineSpec(String pipeline, String text) {
        this.pipeline = pipeline;
        this.text = text;
    }

    /** @throws InvalidPipelineException naming what was expected where */
    static Pipeline parse(String pipeline, String stages) {
        PipelineSpec spec = new PipelineSpec(pipeline, stages == null ? "" : stages);
        Pipeline.Builder builder = Pipeline.builder(pipeline);
        do {
            spec.stage(builder);
        } while (spec.accept(','));
        if (spec.skipSpace() < spec.text.length()) {
            throw spec.error("',' or the end");
        }
        return builder.build();
    }

    private void stage(Pipeline.Builder builder) {
        String name = name("a stage name");
        expect(':');
        String target = name("a workflow name, all(...) or first(...)");
        if (!accept('(')) {
            builder.stage(name, target);
            return;
        }
        JoinStrategy join = switch (target) {
            case "all" -> JoinStrategy.WAIT_ALL;
            case "first" -> JoinStrategy.FIRST_COMPLETES;
            default -> throw new InvalidPipelineException(pipeline, "bad stages option '" + text + "': stage '" + name
                    + "' is " + target + "(...); a parallel stage is all(...) or first(...)");
        };
        List<Stage> branches = new ArrayList<>();
        do {
            String branch = name("a branch name");
            expect(':');
            branches.add(Stage.of(branch, name("a workflow name")));
        } while (accept(','));
        expect(')');
        builder.parallel(name, join, branches.toArray(Stage[]::new));
    }

    private String name(String what) {
        int start = skipSpace();
        while (position < text.length() && ",:()".indexOf(text.charAt(position)) < 0
                && !Character.isWhitespace(text.charAt(position))) {
            position++;
        }
        if (position == start) {
            throw error(what);
        }
        return text.substring(start, position);
    }

    private boolean accept(char c) {
        if (skipSpace() < text.length() && text.charAt(position) == c) {
            position++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!accept(c)) {
            throw error("'" + c + "'");
        }
    }

    private int skipSpace() {
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
            position++;
        }
        return position;
    }

    private InvalidPipelineException error(String expected) {
        String found = position < text.length() ? "'" + text.charAt(position) + "'" : "the end";
        return new InvalidPipelineException(pipeline, "bad stages option '" + text + "': expected " + expected
                + " at position " + position + ", found " + found + " (the form is name:workflow, "
                + "name:all(branch:workflow, ...) or name:first(branch:workflow, ...), separated by commas)");
    }
}
