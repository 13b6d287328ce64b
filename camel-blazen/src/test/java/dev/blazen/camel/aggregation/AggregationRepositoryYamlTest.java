package dev.blazen.camel.aggregation;

import dev.blazen.camel.BlazenComponent;
import dev.blazen.camel.workflow.checkpoint.CheckpointStore;
import dev.blazen.camel.workflow.checkpoint.inmemory.InMemoryCheckpointStore;
import org.apache.camel.CamelContext;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The repository declared as a bean in the YAML DSL, with the blazen component's store or one named in the registry. */
class AggregationRepositoryYamlTest extends CamelTestSupport {

    final CheckpointStore shared = new InMemoryCheckpointStore();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext camel = super.createCamelContext();
        camel.getRegistry().bind("sharedStore", shared);
        return camel;
    }

    @Override
    protected void doPostSetup() throws Exception {
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("aggregation.yaml", """
                - beans:
                    - name: joinBodies
                      type: org.apache.camel.processor.aggregate.StringAggregationStrategy
                      properties:
                        delimiter: ","
                    - name: orders
                      type: dev.blazen.camel.aggregation.CheckpointAggregationRepository
                      properties:
                        repositoryName: yaml-orders
                        allowSerializedHeaders: true
                        recoveryInterval: 250
                        maximumRedeliveries: 3
                        deadLetterUri: mock:dead
                    - name: invoices
                      type: dev.blazen.camel.aggregation.CheckpointAggregationRepository
                      properties:
                        repositoryName: invoices
                        allowSerializedHeaders: true
                        checkpointStore: "#bean:sharedStore"
                        useRecovery: false
                - route:
                    from:
                      uri: direct:orders
                      steps:
                        - aggregate:
                            correlationExpression:
                              header: order
                            aggregationStrategy: joinBodies
                            aggregationRepository: orders
                            completionSize: 3
                            steps:
                              - to: mock:orders
                - route:
                    from:
                      uri: direct:invoices
                      steps:
                        - aggregate:
                            correlationExpression:
                              header: invoice
                            aggregationStrategy: joinBodies
                            aggregationRepository: invoices
                            optimisticLocking: true
                            completionSize: 2
                            steps:
                              - to: mock:invoices
                """));
    }

    @Test
    void theBeanTakesItsPropertiesAndTheBlazenComponentsStore() throws Exception {
        CheckpointAggregationRepository orders = context.getRegistry().lookupByNameAndType("orders",
                CheckpointAggregationRepository.class);
        assertThat(orders.getRecoveryInterval()).isEqualTo(250);
        assertThat(orders.getMaximumRedeliveries()).isEqualTo(3);
        assertThat(orders.getDeadLetterUri()).isEqualTo("mock:dead");
        MockEndpoint out = getMockEndpoint("mock:orders");
        out.expectedBodiesReceived("a,b,c");

        template.sendBodyAndHeader("direct:orders", "a", "order", "o-1");
        template.sendBodyAndHeader("direct:orders", "b", "order", "o-1");
        CheckpointStore componentStore = context.getComponent("blazen", BlazenComponent.class).checkpointStore();
        assertThat(componentStore.keys("agg:yaml-orders:")).containsExactly("agg:yaml-orders:o-1");
        template.sendBodyAndHeader("direct:orders", "c", "order", "o-1");

        out.assertIsSatisfied();
    }

    @Test
    void aStoreFromTheRegistryWithOptimisticLocking() throws Exception {
        MockEndpoint out = getMockEndpoint("mock:invoices");
        out.expectedBodiesReceived("x,y");

        template.sendBodyAndHeader("direct:invoices", "x", "invoice", "i-1");
        assertThat(shared.keys("agg:invoices:")).containsExactly("agg:invoices:i-1");
        template.sendBodyAndHeader("direct:invoices", "y", "invoice", "i-1");

        out.assertIsSatisfied();
    }
}
