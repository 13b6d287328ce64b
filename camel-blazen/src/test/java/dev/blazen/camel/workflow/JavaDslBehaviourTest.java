package dev.blazen.camel.workflow;

/** The engine behaviours with workflows written in the Java DSL. */
class JavaDslBehaviourTest extends WorkflowBehaviourContract {

    @Override
    void addWorkflows() throws Exception {
        context.addRoutes(new BehaviourRoutes());
    }
}
