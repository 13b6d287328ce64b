package dev.blazen.camel.inference;

import dev.blazen.camel.BlazenComponent;
import dev.blazen.camel.BlazenConstants;
import dev.blazen.llm.error.ValidationError;
import dev.blazen.llm.local.Classification;
import dev.blazen.llm.local.ModelStatus;
import dev.blazen.llm.local.RerankScore;
import dev.blazen.llm.local.Tensor;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * blazen:infer on the tiny generated models of camel-blazen-inference (its test jar) and a bundled embedding preset,
 * from Java and YAML routes, with the runtime found through ServiceLoader.
 */
class InferEndpointTest extends CamelTestSupport {

    static final String TOKENIZER = "classpath:all-minilm-l6-v2-q-tokenizer.json";
    static final String CLASSIFIER = "classpath:onnx/classifier.onnx";

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = new Properties();
        p.put("infer.classifier", CLASSIFIER);
        p.put("infer.tokenizer", TOKENIZER);
        p.put("camel.component.blazen.pool-budgets", "cpu=512MiB");
        return p;
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext camel = super.createCamelContext();
        camel.getComponent("blazen", BlazenComponent.class).setPoolBudgets("cpu=512MiB,small=1MB");
        return camel;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:embed").to("blazen:infer:all-minilm-l6-v2?threads=1");
                from("direct:rerank").to("blazen:infer:rr?task=rerank&modelPath=classpath:onnx/cross_encoder.onnx"
                        + "&tokenizerPath=" + TOKENIZER + "&maxLength=128&batchSize=2");
                from("direct:classify").to("blazen:infer:sentiment?task=classify&modelPath=" + CLASSIFIER
                        + "&tokenizerPath=" + TOKENIZER + "&labels=bad,meh,good&maxLength=128");
                from("direct:keep").to("blazen:infer:sentiment?task=classify&modelPath=" + CLASSIFIER
                        + "&tokenizerPath=" + TOKENIZER + "&labels=bad,meh,good&maxLength=128&resultVariable=verdict");
                from("direct:raw").to("blazen:infer:math?modelPath=classpath:onnx/add_matmul.onnx&memoryEstimate=2MB");
                from("direct:rawText").to("blazen:infer:logits?modelPath=" + CLASSIFIER + "&tokenizerPath="
                        + TOKENIZER + "&maxLength=128");
            }
        };
    }

    @Override
    protected void doPostSetup() throws Exception {
        PluginHelper.getRoutesLoader(context).loadRoutes(
                PluginHelper.getResourceLoader(context).resolveResource("classpath:routes/infer-endpoints.yaml"));
    }

    @Test
    void embedGivesOneVectorForATextAndAListForAList() {
        Object one = template.requestBody("direct:embed", "hello world");
        Object many = template.requestBody("direct:embed", List.of("hello world", "good night"));

        assertThat(one).isInstanceOf(float[].class);
        assertThat((float[]) one).hasSize(384);
        assertThat(many).asList().hasSize(2);
        assertThat((float[]) ((List<?>) many).get(0)).containsExactly((float[]) one);
    }

    @Test
    void rerankTakesAMapOrAListWithTheQueryHeaderBestFirst() {
        List<String> passages = List.of("Bananas are yellow.", "Paris is the capital of France.", "Zebras.");
        @SuppressWarnings("unchecked")
        List<RerankScore> fromMap = template.requestBody("direct:rerank",
                Map.of("query", "capital of france", "passages", passages), List.class);
        @SuppressWarnings("unchecked")
        List<RerankScore> fromHeader = template.requestBodyAndHeader("direct:rerank", passages,
                BlazenConstants.QUERY, "capital of france", List.class);

        assertThat(fromMap).hasSize(3).isSortedAccordingTo((a, b) -> Double.compare(b.score(), a.score()));
        assertThat(fromMap).extracting(RerankScore::index).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(fromHeader).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(fromMap);
        assertThatThrownBy(() -> template.requestBody("direct:rerank", passages))
                .isInstanceOf(CamelExecutionException.class).hasCauseInstanceOf(ValidationError.class)
                .hasRootCauseMessage("invalid input at query: rerank needs a query: the CamelBlazenQuery header or the query of a Map body");
    }

    @Test
    void classifyLabelsTextsAndKeepsTheBodyWithResultVariable() {
        Classification one = template.requestBody("direct:classify", "I really enjoyed this film.",
                Classification.class);
        assertThat(one.scores()).extracting(Classification.LabelScore::label).containsExactly("bad", "meh", "good");
        assertThat(one.scores().stream().mapToDouble(Classification.LabelScore::probability).sum())
                .isCloseTo(1.0, within(1e-9));

        Exchange kept = template.request("direct:keep", e -> e.getMessage().setBody("I really enjoyed this film."));
        assertThat(kept.getMessage().getBody()).isEqualTo("I really enjoyed this film.");
        assertThat(kept.getVariable("verdict", Classification.class).label()).isEqualTo(one.label());
        assertThat(kept.getMessage().getHeader(BlazenConstants.MODEL)).isEqualTo("sentiment");

        // the YAML route declares the same model file with labels from its config.json
        Object yamlLabel = template.requestBody("direct:yaml-classify", "I really enjoyed this film.");
        List<String> configLabels = List.of("negative", "neutral", "positive");
        assertThat(yamlLabel).isEqualTo(configLabels.get(List.of("bad", "meh", "good").indexOf(one.label())));
    }

    @Test
    void rawTakesTensorsInEveryFormAndReturnsNamedOutputsWithShapes() {
        @SuppressWarnings("unchecked")
        Map<String, Tensor> out = template.requestBody("direct:raw", Map.of(
                "a", List.of(List.of(1, 2, 3), List.of(4, 5, 6)),
                "b", Map.of("shape", List.of(3, 2), "data", List.of(1, 0, 0, 1, 1, 1)),
                "k", Tensor.ofLongs("k", new long[] {1}, new long[] {7})), Map.class);

        assertThat(out.get("product").shape()).containsExactly(2, 2);
        assertThat(out.get("product").floats()).containsExactly(4, 5, 10, 11);
        assertThat(out.get("doubled").longs()).containsExactly(14);
        // from YAML: JSON text of the same shapes; k's untyped numbers take the model's int64
        assertThat(template.requestBody("direct:yaml-raw", null, String.class)).isEqualTo("10.0");
    }

    @Test
    void rawTextIsTokenized() {
        @SuppressWarnings("unchecked")
        Map<String, Tensor> out = template.requestBody("direct:rawText", List.of("one", "two texts"), Map.class);
        assertThat(out.get("logits").shape()).containsExactly(2, 3);
    }

    @Test
    void badTensorsAreTypedErrorsNamingTheInput() {
        assertThatThrownBy(() -> template.requestBody("direct:raw", Map.of("a", List.of(List.of(1, 2), List.of(3)),
                "b", List.of(1), "k", List.of(1))))
                .hasCauseInstanceOf(ValidationError.class).rootCause().hasMessageContaining("ragged");
        assertThatThrownBy(() -> template.requestBody("direct:raw", Map.of("a", List.of(List.of(1, 2)),
                "b", List.of(List.of(1, 0), List.of(0, 1), List.of(1, 1)), "k", List.of(1))))
                .hasCauseInstanceOf(ValidationError.class).rootCause().hasMessageContaining("input a expects shape [-1, 3]");
        assertThatThrownBy(() -> template.requestBody("direct:raw", "{not json"))
                .hasCauseInstanceOf(ValidationError.class).rootCause().hasMessageContaining("not a JSON object of tensors");
    }

    @Test
    void modelsLoadOnFirstUseAndShowInTheRuntimeStatus() {
        template.requestBody("direct:raw", Map.of("a", List.of(List.of(1, 2, 3)),
                "b", List.of(List.of(1, 0), List.of(0, 1), List.of(1, 1)), "k", List.of(1)));
        List<ModelStatus> status = context.getComponent("blazen", BlazenComponent.class).localInference().status();
        assertThat(status).filteredOn(s -> s.id().equals("math")).singleElement()
                .satisfies(s -> {
                    assertThat(s.loaded()).isTrue();
                    assertThat(s.pool()).isEqualTo("cpu");
                    assertThat(s.estimatedBytes()).isEqualTo(2_000_000);
                });
    }

    @Test
    void aBadDeclarationFailsTheRouteStartWithATypedError() throws Exception {
        RouteBuilder missing = new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:missing").routeId("missing").to("blazen:infer:gone?modelPath=/no/such/model.onnx");
            }
        };
        assertThatThrownBy(() -> context.addRoutes(missing))
                .hasStackTraceContaining("/no/such/model.onnx").hasStackTraceContaining("no such file");
        RouteBuilder noLabels = new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:nolabels").routeId("nolabels").to("blazen:infer:c2?task=classify&modelPath="
                        + CLASSIFIER + "&tokenizerPath=" + TOKENIZER);
            }
        };
        assertThatThrownBy(() -> context.addRoutes(noLabels)).hasStackTraceContaining("needs labels");
        RouteBuilder tooBig = new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:big").routeId("big").to("blazen:infer:big?modelPath=classpath:onnx/add_matmul.onnx"
                        + "&pool=small&memoryEstimate=2MB");
            }
        };
        assertThatThrownBy(() -> context.addRoutes(tooBig)).hasStackTraceContaining("pool 'small' has a budget of 1000000 bytes");
        RouteBuilder badTask = new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:task").routeId("task").to("blazen:infer:t?task=summarise&modelPath=x.onnx");
            }
        };
        assertThatThrownBy(() -> context.addRoutes(badTask)).hasStackTraceContaining("summarise");
    }

    @Test
    void poolBudgetsAndSizesParse() {
        assertThat(PoolBudgets.parse("cpu=4GiB, cuda:0=1.5GB")).containsExactly(
                Map.entry("cpu", 4L << 30), Map.entry("cuda:0", 1_500_000_000L));
        assertThat(PoolBudgets.parse(null)).containsOnlyKeys("cpu");
        assertThat(PoolBudgets.bytes("x", "1024")).isEqualTo(1024);
        assertThatThrownBy(() -> PoolBudgets.parse("cpu")).isInstanceOf(ValidationError.class)
                .hasMessageContaining("pool=size");
        assertThatThrownBy(() -> PoolBudgets.bytes("memoryEstimate", "2 parsecs")).isInstanceOf(ValidationError.class)
                .hasMessageContaining("unknown size unit 'parsecs'");
    }
}
