package dev.blazen.camel.workflow;

import dev.blazen.camel.BlazenComponent;
import dev.blazen.camel.workflow.context.WorkflowContext;
import dev.blazen.camel.workflow.event.EventType;
import dev.blazen.camel.workflow.event.StartEvent;
import dev.blazen.camel.workflow.event.StopEvent;
import dev.blazen.camel.workflow.step.Step;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code @Step} bean methods build the same workflows as step routes, and mix with them. */
class BeanStepsTest extends CamelTestSupport {

    record Greet(String name) {
    }

    @EventType("review.Scored")
    record Scored(int value) {
    }

    public static class GreeterSteps {
        @Step
        public Greet parse(StartEvent event) {
            @SuppressWarnings("unchecked")
            Map<String, Object> data = (Map<String, Object>) event.data();
            return new Greet((String) data.getOrDefault("name", "World"));
        }

        @Step(name = "greet")
        public StopEvent sayHello(Greet greet, WorkflowContext ctx) {
            return new StopEvent("Hello, " + greet.name() + "! (" + ctx.workflow() + ")");
        }
    }

    /** Fan-out by returning a List, fan-in with ctx.collectEvents. */
    public static class ScoringSteps {
        @Step
        public List<Scored> split(StartEvent event) {
            return IntStream.rangeClosed(1, 5).mapToObj(Scored::new).toList();
        }

        @Step(maxConcurrency = 2)
        public Object join(Scored scored, WorkflowContext ctx) {
            List<Scored> all = ctx.collectEvents(scored, 5);
            return all == null ? null : new StopEvent(all.stream().mapToInt(Scored::value).sum());
        }
    }

    record Ping() {
    }

    /** sendEvent dispatches at once: the sending step waits for the event's handler, which must run meanwhile. */
    public static class PingSteps {
        final java.util.concurrent.CountDownLatch pinged = new java.util.concurrent.CountDownLatch(1);

        @Step
        public StopEvent send(StartEvent event, WorkflowContext ctx) throws InterruptedException {
            ctx.sendEvent(new Ping());
            return new StopEvent(pinged.await(5, java.util.concurrent.TimeUnit.SECONDS) ? "handled meanwhile" : "not yet");
        }

        @Step
        public void ping(Ping ping) {
            pinged.countDown();
        }
    }

    public static class BadSteps {
        @Step
        public Object twoEvents(Greet a, Scored b) {
            return null;
        }
    }

    public static class UntypedSteps {
        @Step
        public Object anything(Map<String, Object> event) {
            return null;
        }
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                // a route step in a workflow whose other step is a bean method
                from("blazen:step:mixed/parse?accepts=StartEvent").setBody(e -> new Greet("route"));
            }
        };
    }

    @Test
    void beanMethodsFormAWorkflow() {
        context.getComponent("blazen", BlazenComponent.class).addSteps("greeter", new GreeterSteps());
        assertThat(BlazenComponent.engine(context).steps("greeter")).extracting(s -> s.name())
                .containsExactlyInAnyOrder("parse", "greet");
        assertThat(template.requestBody("blazen:workflow:greeter", Map.of("name", "Ada"))).isEqualTo("Hello, Ada! (greeter)");
    }

    @Test
    void beanStepsAndRouteStepsMix() {
        WorkflowEngine engine = BlazenComponent.engine(context);
        engine.addStep(dev.blazen.camel.workflow.step.BeanSteps.of("mixed", new GreeterSteps()).stream()
                .filter(s -> s.name().equals("greet")).findFirst().orElseThrow());
        assertThat(template.requestBody("blazen:workflow:mixed", Map.of())).isEqualTo("Hello, route! (mixed)");
    }

    @Test
    void fanOutAndFanInWithCollectEvents() {
        BlazenComponent.engine(context).addSteps("scoring", new ScoringSteps());
        assertThat(template.requestBody("blazen:workflow:scoring", Map.of())).isEqualTo(15);
    }

    @Test
    void sentEventsAreDispatchedWhileTheSenderRuns() {
        BlazenComponent.engine(context).addSteps("ping", new PingSteps());
        assertThat(template.requestBody("blazen:workflow:ping", Map.of())).isEqualTo("handled meanwhile");
    }

    @Test
    void eventTypeAnnotationNamesTheType() {
        BlazenComponent.engine(context).addSteps("scoring2", new ScoringSteps());
        assertThat(BlazenComponent.engine(context).steps("scoring2"))
                .anySatisfy(s -> assertThat(s.accepts()).containsExactly("review.Scored"));
    }

    @Test
    void badSignaturesAreRejectedWithTheStepName() {
        WorkflowEngine engine = BlazenComponent.engine(context);
        assertThatThrownBy(() -> engine.addSteps("bad", new BadSteps()))
                .isInstanceOf(InvalidStepException.class).hasMessageContaining("step 'twoEvents'");
        assertThatThrownBy(() -> engine.addSteps("bad", new UntypedSteps()))
                .isInstanceOf(InvalidStepException.class).hasMessageContaining("accepts");
        assertThatThrownBy(() -> engine.addSteps("bad", new Object()))
                .isInstanceOf(InvalidStepException.class).hasMessageContaining("no public @Step methods");
    }
}
