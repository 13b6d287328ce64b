package dev.blazen.camel.pipeline;

import org.apache.camel.Exchange;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A pipeline with a parallel stage written in the YAML DSL alone (src/test/resources/routes/pipeline-endpoints.yaml). */
class PipelineYamlTest extends CamelTestSupport {

    @Override
    protected void doPostSetup() throws Exception {
        PluginHelper.getRoutesLoader(context).loadRoutes(
                PluginHelper.getResourceLoader(context).resolveResource("classpath:routes/pipeline-endpoints.yaml"));
    }

    @Test
    void theStagesOptionRunsSequentialAndParallelStages() {
        Exchange exchange = template.request("direct:yaml-ingest", e -> e.getMessage().setBody("hello"));

        assertThat(exchange.getException()).isNull();
        assertThat(exchange.getVariable("description")).isEqualTo("[HELLO] has 5 letters");
        assertThat(exchange.getMessage().getBody()).isEqualTo("hello");
    }
}
