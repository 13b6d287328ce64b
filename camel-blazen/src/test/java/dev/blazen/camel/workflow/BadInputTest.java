package dev.blazen.camel.workflow;

import dev.blazen.camel.BlazenConstants;
import dev.blazen.camel.workflow.context.WorkflowContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad input gets a typed error that names the problem. */
class BadInputTest extends CamelTestSupport {

    /** Not JSON-serialisable: Jackson cannot write a self-referencing object. */
    static final class Loop {
        public Loop getSelf() {
            return this;
        }
    }

    final Object[] stateAfterFailure = new Object[2];

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("blazen:step:known/s?accepts=StartEvent").setBody(constant(Map.of("type", "StopEvent", "result", "ok")));
                from("blazen:step:untyped/s?accepts=StartEvent").setBody(e -> Map.of("name", "no type here"));
                from("blazen:step:state/s?accepts=StartEvent").process(e -> {
                    WorkflowContext ctx = e.getVariable(BlazenConstants.CONTEXT_VARIABLE, WorkflowContext.class);
                    ctx.set("conn", "kept");
                    try {
                        ctx.set("conn", new Loop());
                    } finally {
                        stateAfterFailure[0] = ctx.get("conn");
                    }
                });
            }
        };
    }

    @Test
    void unknownWorkflow() {
        assertThatThrownBy(() -> template.requestBody("blazen:workflow:nope", Map.of()))
                .cause().isInstanceOf(UnknownWorkflowException.class)
                .hasMessageContaining("unknown workflow 'nope'").hasMessageContaining("known");
    }

    @Test
    void emptyAccepts() {
        assertThatThrownBy(() -> addRoute("blazen:step:wf/nothing"))
                .hasRootCauseInstanceOf(InvalidStepException.class)
                .rootCause().hasMessageContaining("step 'nothing'").hasMessageContaining("'accepts' is empty");
        assertThatThrownBy(() -> addRoute("blazen:step:wf/blank?accepts= , "))
                .rootCause().isInstanceOf(InvalidStepException.class).hasMessageContaining("'accepts' is empty");
    }

    @Test
    void unknownOrInvalidAccepts() {
        assertThatThrownBy(() -> addRoute("blazen:step:wf/typo?accepts=blazen::StratEvent"))
                .rootCause().isInstanceOf(InvalidStepException.class)
                .hasMessageContaining("unknown built-in event type 'blazen::StratEvent'")
                .hasMessageContaining("blazen::StartEvent");
        assertThatThrownBy(() -> addRoute("blazen:step:wf/odd?accepts=Not A Type"))
                .rootCause().isInstanceOf(InvalidStepException.class).hasMessageContaining("'Not A Type' is not a valid event type name");
    }

    @Test
    void malformedStepNames() {
        assertThatThrownBy(() -> addRoute("blazen:step:onlyname?accepts=StartEvent"))
                .rootCause().hasMessageContaining("workflow/step");
        assertThatThrownBy(() -> addRoute("blazen:nosuch:wf"))
                .rootCause().hasMessageContaining("unknown blazen API 'nosuch'");
    }

    @Test
    void duplicateStepName() {
        assertThatThrownBy(() -> addRoute("blazen:step:known/s?accepts=Other"))
                .satisfies(e -> assertThat(org.apache.camel.util.ObjectHelper.getException(InvalidStepException.class, e))
                        .isNotNull().hasMessageContaining("step 's'").hasMessageContaining("already registered"));
    }

    @Test
    void eventMapWithoutType() {
        assertThatThrownBy(() -> template.requestBody("blazen:workflow:untyped", Map.of()))
                .cause().isInstanceOf(StepFailedException.class).hasMessageContaining("step 's'")
                .cause().isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("needs a non-blank String 'type' entry").hasMessageContaining("no type here");
    }

    @Test
    void stateValueThatCannotBeSerialised() {
        assertThatThrownBy(() -> template.requestBody("blazen:workflow:state", Map.of()))
                .cause().isInstanceOf(StepFailedException.class)
                .cause().isInstanceOf(dev.blazen.camel.workflow.StateSerializationException.class)
                .hasMessageContaining("key 'conn'").hasMessageContaining(Loop.class.getName());
        assertThat(stateAfterFailure[0]).as("the previous value is kept").isEqualTo("kept");
    }

    @Test
    void yamlStepThatEmitsGarbage() throws Exception {
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("garbage.yaml", """
                - route:
                    from:
                      uri: blazen:step:garbage/s
                      parameters:
                        accepts: StartEvent
                      steps:
                        - setBody:
                            constant: "this is not an event"
                - route:
                    from:
                      uri: blazen:step:halfjson/s
                      parameters:
                        accepts: StartEvent
                      steps:
                        - setBody:
                            constant: '{"result": "but no type"}'
                - route:
                    from:
                      uri: blazen:step:badjson/s
                      parameters:
                        accepts: StartEvent
                      steps:
                        - setBody:
                            constant: '{"type": "StopEvent", '
                """));
        assertThatThrownBy(() -> template.requestBody("blazen:workflow:garbage", Map.of()))
                .cause().isInstanceOf(StepFailedException.class).hasMessageContaining("workflow 'garbage'")
                .cause().isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("emitted text 'this is not an event' is not an event");
        assertThatThrownBy(() -> template.requestBody("blazen:workflow:halfjson", Map.of()))
                .cause().cause().isInstanceOf(InvalidEventException.class).hasMessageContaining("'type'");
        assertThatThrownBy(() -> template.requestBody("blazen:workflow:badjson", Map.of()))
                .cause().cause().isInstanceOf(InvalidEventException.class).hasMessageContaining("not a JSON event");
    }

    @Test
    void aWorkingWorkflowStillWorksNextToBrokenOnes() {
        assertThat(template.requestBody("blazen:workflow:known", Map.of())).isEqualTo("ok");
    }

    private void addRoute(String uri) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).log("never");
            }
        });
    }
}
