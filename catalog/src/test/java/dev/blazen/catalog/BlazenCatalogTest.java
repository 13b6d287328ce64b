package dev.blazen.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.blazen.camel.BlazenApi;

class BlazenCatalogTest {

    private final BlazenCatalog catalog = BlazenCatalog.load();

    @Test
    void exposesTheGeneratedDescriptorAndAddsItToCamelsCatalog() {
        assertThat(catalog.descriptorJson()).contains("\"scheme\": \"blazen\"");
        assertThat(catalog.componentModel().getJavaType()).isEqualTo(BlazenCatalog.COMPONENT_CLASS);
        assertThat(catalog.componentModel().getSyntax()).isEqualTo("blazen:api:name");
        assertThat(catalog.apis()).contains("workflow", "step", "stream-events", "respond", "infer", "memory", "pipeline");
        assertThat(catalog.camelCatalog().findComponentNames()).contains("blazen", "timer", "platform-http", "log");
        assertThat(catalog.camelCatalog().componentJSonSchema("blazen")).isEqualTo(catalog.descriptorJson());
    }

    @Test
    void declaresEveryApiTheComponentHas() {
        // the api enum is written by hand on BlazenEndpoint; a new BlazenApi must reach the descriptor too
        assertThat(catalog.apis()).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(BlazenApi.values()).map(BlazenApi::uriName).toList());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            blazen:workflow:orders?workflowTimeout=2m&maxInFlight=8&async=true     | PRODUCER
            blazen:workflow:orders?async=true&inputTimeout=1h                      | PRODUCER
            blazen:respond:orders                                                  | PRODUCER
            blazen:respond:orders?reject=true                                      | PRODUCER
            blazen:workflow:orders?resultVariable=result&lifecycleEvents=false     | PRODUCER
            blazen:step:orders/validate?accepts=StartEvent,Checked&collect=3       | CONSUMER
            blazen:step:orders/validate?stepTimeout=30s&maxConcurrency=2           | CONSUMER
            blazen:stream-events:orders?streamBufferSize=64                        | CONSUMER
            blazen:workflow:orders?maxInFlight={{orders.inflight}}                 | PRODUCER
            blazen:step:{{wf}}/validate?accepts=StartEvent                         | CONSUMER
            blazen:workflow:${header.wf}?async=true                                | PRODUCER
            blazen:workflow:orders                                                 | EITHER
            blazen:pipeline:ingest?async=true&resultVariable=result&resume=true   | PRODUCER
            blazen:pipeline:ingest?stages=a:wfA,b:all(x:wfX,y:wfY)&totalTimeout=5m | PRODUCER
            blazen:memory:docs?operation=count&resultVariable=n                    | PRODUCER
            timer:tick?period=5s                                                   | CONSUMER
            log:orders?showAll=true                                                | PRODUCER
            """)
    void acceptsValidUris(String uri, EndpointRole role) {
        UriValidation validation = catalog.validate(uri, role);

        assertThat(validation.problems()).as(uri).isEmpty();
        assertThat(validation.isValid()).isTrue();
        assertThat(validation.catalogResult().isSuccess()).isTrue();
    }

    @Test
    void misspelledOptionFailsAndNamesTheIntendedOne() {
        UriValidation validation = catalog.validate("blazen:step:wf/s?acepts=StartEvent", EndpointRole.CONSUMER);

        assertThat(validation.isValid()).isFalse();
        assertThat(validation.catalogResult().getUnknown()).containsExactly("acepts");
        assertThat(validation.problems()).containsExactly("unknown option 'acepts' (did you mean accepts?)");
    }

    @Test
    void wrongTypeFails() {
        assertThat(catalog.validate("blazen:workflow:wf?maxInFlight=abc").problems())
                .containsExactly("'maxInFlight' must be an integer, got 'abc'");
        assertThat(catalog.validate("blazen:workflow:wf?async=maybe").problems())
                .containsExactly("'async' must be a boolean, got 'maybe'");
    }

    @Test
    void badDurationFails() {
        assertThat(catalog.validate("blazen:workflow:wf?workflowTimeout=soon").problems())
                .singleElement().asString().startsWith("'workflowTimeout' must be a duration").endsWith("got 'soon'");
        assertThat(catalog.validate("blazen:step:wf/s?stepTimeout=5 minutes").isValid()).isFalse();
    }

    @Test
    void unknownOperationFails() {
        assertThat(catalog.validate("blazen:bogus:wf").problems())
                .containsExactly("'api' must be one of [workflow, step, stream-events, respond, complete, stream, extract, batch, agent, tool, prompt, embed, infer, memory, pipeline], got 'bogus'");
    }

    @Test
    void missingNameFails() {
        assertThat(catalog.validate("blazen:workflow").problems()).containsExactly("blazen:workflow needs a name");
    }

    @Test
    void modelCallsNeedAModelButNoName() {
        assertThat(catalog.validate("blazen:complete?model=openai:gpt-4o-mini").isValid()).isTrue();
        assertThat(catalog.validate("blazen:embed").problems()).containsExactly("blazen:embed needs a model option");
    }

    @Test
    void stepNameMustBeWorkflowSlashStep() {
        assertThat(catalog.validate("blazen:step:validate", EndpointRole.CONSUMER).problems())
                .containsExactly("blazen:step needs workflow/step as its name, got 'validate'");
        assertThat(catalog.validate("blazen:step:orders/validate/again", EndpointRole.CONSUMER).isValid()).isFalse();
    }

    @Test
    void optionOfAnotherOperationFails() {
        assertThat(catalog.validate("blazen:step:wf/s?streamBufferSize=10", EndpointRole.CONSUMER).problems())
                .containsExactly("option 'streamBufferSize' belongs to blazen:stream-events, not to blazen:step");
    }

    @Test
    void anOptionSharedByOperationsBelongsToEachOfThem() {
        assertThat(catalog.validate("blazen:pipeline:p?stages=a:b&timeoutPerStage=30s", EndpointRole.PRODUCER).problems())
                .isEmpty();
        assertThat(catalog.validate("blazen:workflow:wf?stages=a:b", EndpointRole.PRODUCER).problems())
                .containsExactly("option 'stages' belongs to blazen:pipeline, not to blazen:workflow");
        assertThat(catalog.validate("blazen:pipeline:p", EndpointRole.CONSUMER).problems())
                .containsExactly("blazen:pipeline is a producer endpoint but is used as a consumer (use it in to)");
    }

    @Test
    void operationUsedOnTheWrongSideFails() {
        assertThat(catalog.validate("blazen:workflow:wf", EndpointRole.CONSUMER).problems())
                .containsExactly("blazen:workflow is a producer endpoint but is used as a consumer (use it in to)");
        assertThat(catalog.validate("blazen:step:wf/s", EndpointRole.PRODUCER).problems())
                .containsExactly("blazen:step is a consumer endpoint but is used as a producer (use it in from)");
        assertThat(catalog.validate("blazen:respond:wf", EndpointRole.CONSUMER).problems())
                .containsExactly("blazen:respond is a producer endpoint but is used as a consumer (use it in to)");
        assertThat(catalog.validate("blazen:step:wf/s?async=true", EndpointRole.CONSUMER).problems()).containsExactlyInAnyOrder(
                "option 'async' is for producers but the endpoint is used as a consumer",
                "option 'async' belongs to blazen:pipeline or blazen:workflow, not to blazen:step");
    }

    @Test
    void otherComponentsAreValidatedWithCamelsOwnDescriptors() {
        assertThat(catalog.validate("timer:tick?perod=5s", EndpointRole.CONSUMER).problems())
                .containsExactly("unknown option 'perod' (did you mean period?)");
        assertThat(catalog.validate("log:x?showAll=maybe", EndpointRole.PRODUCER).problems())
                .containsExactly("'showAll' must be a boolean, got 'maybe'");
        assertThat(catalog.validate("blazn:workflow:wf").problems()).containsExactly("unknown component 'blazn'");
    }

    @Test
    void componentPropertiesAreValidated() {
        assertThat(catalog.validateComponentProperty("camel.component.blazen.max-in-flight", "32")).isEmpty();
        assertThat(catalog.validateComponentProperty("camel.component.blazen.workflow-timeout", "{{t}}")).isEmpty();
        assertThat(catalog.validateComponentProperty("camel.component.blazen.max-in-fligth", "3"))
                .containsExactly("unknown option 'camel.component.blazen.max-in-fligth' (did you mean maxInFlight?)");
        assertThat(catalog.validateComponentProperty("camel.component.blazen.workflow-timeout", "abc"))
                .singleElement().asString().startsWith("'camel.component.blazen.workflow-timeout' must be a duration");
        assertThat(catalog.validateComponentProperty("orders.inflight", "not checked")).isEmpty();
    }
}
