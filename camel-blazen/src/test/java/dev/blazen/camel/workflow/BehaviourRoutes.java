package dev.blazen.camel.workflow;

import dev.blazen.camel.BlazenConstants;
import dev.blazen.camel.workflow.context.WorkflowContext;
import dev.blazen.camel.workflow.event.StopEvent;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

import java.util.List;
import java.util.Map;

/** The engine behaviours of {@link WorkflowBehaviourContract}, written in the Java DSL with typed events. */
class BehaviourRoutes extends RouteBuilder {

    record B(String path) {
    }

    record C(String path) {
    }

    record Positive(int score) {
    }

    record Negative(int score) {
    }

    record Work(String id, long delay) {
    }

    record Progress(int i) {
    }

    record Recall() {
    }

    record Orphan() {
    }

    record Tick() {
    }

    @Override
    public void configure() {
        from("blazen:step:basic/greet?accepts=StartEvent")
                .process(e -> e.getMessage().setBody(new StopEvent("Hello, " + data(e).get("name") + "!")));

        from("blazen:step:sequential/a?accepts=StartEvent").setBody(e -> new B("a"));
        from("blazen:step:sequential/b?accepts=B").setBody(e -> new C(e.getMessage().getBody(B.class).path() + "b"));
        from("blazen:step:sequential/c?accepts=C").setBody(e -> new StopEvent(e.getMessage().getBody(C.class).path() + "c"));

        from("blazen:step:branching/classify?accepts=StartEvent")
                .process(e -> {
                    int score = ((Number) data(e).get("score")).intValue();
                    e.getMessage().setBody(score > 50 ? new Positive(score) : new Negative(score));
                });
        from("blazen:step:branching/positive?accepts=Positive").setBody(e -> new StopEvent("positive"));
        from("blazen:step:branching/negative?accepts=Negative").setBody(e -> new StopEvent("negative"));

        from("blazen:step:fanout/split?accepts=StartEvent")
                .setBody(e -> List.of(new Work("slow", 1500), new Work("fast", 10), new Work("slower", 2500)));
        from("blazen:step:fanout/work?accepts=Work")
                .to("direct:work-started")
                .delay(simple("${body.delay}"))
                .setBody(e -> new StopEvent(e.getMessage().getBody(Work.class).id()));

        from("blazen:step:streaming/produce?accepts=StartEvent")
                .process(e -> {
                    int count = ((Number) data(e).get("count")).intValue();
                    WorkflowContext ctx = context(e);
                    for (int i = 0; i < count; i++) {
                        ctx.writeEventToStream(new Progress(i));
                    }
                    e.getMessage().setBody(new StopEvent(count));
                });
        from("blazen:stream-events:streaming?streamBufferSize=64").to("direct:stream-sink");

        from("blazen:step:state/remember?accepts=StartEvent")
                .process(e -> {
                    context(e).set("user", data(e).get("name"));
                    context(e).set("count", 3);
                    e.getMessage().setBody(new Recall());
                });
        from("blazen:step:state/recall?accepts=Recall")
                .process(e -> {
                    WorkflowContext ctx = context(e);
                    e.getMessage().setBody(new StopEvent(Map.of("user", ctx.get("user"), "count", ctx.get("count"),
                            "runId", e.getMessage().getHeader(BlazenConstants.RUN_ID))));
                });

        from("blazen:step:nohandler/start?accepts=StartEvent").setBody(e -> new Orphan());

        from("blazen:step:steptimeout/slow?accepts=StartEvent&stepTimeout=200ms")
                .delay(3000)
                .setBody(e -> new StopEvent("too late"));

        from("blazen:step:wftimeout/tick?accepts=StartEvent,Tick").delay(50).setBody(e -> new Tick());

        from("blazen:step:cancel/slow?accepts=StartEvent")
                .to("direct:cancel-started")
                .delay(5000)
                .setBody(e -> new StopEvent("not cancelled"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(Exchange exchange) {
        return exchange.getMessage().getBody(Map.class);
    }

    private static WorkflowContext context(Exchange exchange) {
        return exchange.getVariable(BlazenConstants.CONTEXT_VARIABLE, WorkflowContext.class);
    }
}
