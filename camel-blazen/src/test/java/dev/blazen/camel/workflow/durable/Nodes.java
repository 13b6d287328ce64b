package dev.blazen.camel.workflow.durable;

import dev.blazen.camel.BlazenComponent;
import dev.blazen.camel.workflow.WorkflowEngine;
import dev.blazen.camel.workflow.checkpoint.CheckpointStore;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

import java.util.ArrayList;
import java.util.List;

/** CamelContexts started as nodes sharing one checkpoint store; all stopped at the end of a test. */
final class Nodes implements AutoCloseable {

    private final CheckpointStore store;
    private final List<CamelContext> started = new ArrayList<>();

    Nodes(CheckpointStore store) {
        this.store = store;
    }

    CamelContext start(RouteBuilder routes) throws Exception {
        CamelContext context = new DefaultCamelContext();
        BlazenComponent blazen = new BlazenComponent();
        blazen.setCheckpointStore(store);
        blazen.setRecoveryInterval(100);
        blazen.setOwnerTimeout(500);
        blazen.setKeepFinishedRuns(true);
        context.addComponent("blazen", blazen);
        context.addRoutes(routes);
        context.start();
        started.add(context);
        return context;
    }

    static WorkflowEngine engine(CamelContext context) {
        return BlazenComponent.engine(context);
    }

    @Override
    public void close() {
        started.forEach(CamelContext::stop);
    }
}
