package dev.blazen.camel.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The stages option of blazen:pipeline: what YAML authors write instead of a Pipeline bean. */
class PipelineSpecTest {

    @Test
    void sequentialStagesRunInTheOrderWritten() {
        Pipeline pipeline = PipelineSpec.parse("ingest", "extract:extractWorkflow,summarize:summaryWorkflow");

        assertThat(pipeline.name()).isEqualTo("ingest");
        assertThat(pipeline.stages()).containsExactly(Stage.of("extract", "extractWorkflow"),
                Stage.of("summarize", "summaryWorkflow"));
    }

    @Test
    void parallelStagesNameTheirJoinAndBranchesAndWhiteSpaceMaySurroundEverything() {
        Pipeline pipeline = PipelineSpec.parse("ingest", " extract : extract-wf ,\n enrich: all( sentiment:sentiment.wf ,"
                + " entities:entities/wf ) , race:first(a:wfA,b:wfB), all:all ");

        assertThat(pipeline.stages()).containsExactly(
                Stage.of("extract", "extract-wf"),
                ParallelStage.of("enrich", JoinStrategy.WAIT_ALL, Stage.of("sentiment", "sentiment.wf"),
                        Stage.of("entities", "entities/wf")),
                ParallelStage.of("race", JoinStrategy.FIRST_COMPLETES, Stage.of("a", "wfA"), Stage.of("b", "wfB")),
                Stage.of("all", "all"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            ''                 | expected a stage name at position 0, found the end
            extract            | expected ':' at position 7, found the end
            extract:           | expected a workflow name, all(...) or first(...) at position 8, found the end
            a:b,,c:d           | expected a stage name at position 4, found ','
            a:b c:d            | expected ',' or the end at position 4, found 'c'
            a:all(x)           | expected ':' at position 7, found ')'
            a:all(x:y          | expected ')' at position 9, found the end
            a:all()            | expected a branch name at position 6, found ')'
            a:b)               | expected ',' or the end at position 3, found ')'
            """)
    void aMalformedSpecNamesWhatWasExpectedWhere(String spec, String problem) {
        assertThatThrownBy(() -> PipelineSpec.parse("ingest", spec))
                .isInstanceOf(InvalidPipelineException.class)
                .hasMessageStartingWith("pipeline 'ingest': bad stages option '" + spec + "': " + problem)
                .hasMessageContaining("name:all(branch:workflow, ...)");
    }

    @Test
    void anUnknownJoinAndDuplicateNamesAreRefused() {
        assertThatThrownBy(() -> PipelineSpec.parse("ingest", "a:any(x:y)"))
                .isInstanceOf(InvalidPipelineException.class)
                .hasMessage("pipeline 'ingest': bad stages option 'a:any(x:y)': stage 'a' is any(...); a parallel stage "
                        + "is all(...) or first(...)");
        assertThatThrownBy(() -> PipelineSpec.parse("ingest", "a:b,a:c"))
                .isInstanceOf(InvalidPipelineException.class).hasMessage("pipeline 'ingest': two stages are named 'a'");
        assertThatThrownBy(() -> PipelineSpec.parse("ingest", "a:all(x:y,x:z)"))
                .isInstanceOf(InvalidPipelineException.class).hasMessage("parallel stage 'a' has two branches named 'x'");
    }
}
