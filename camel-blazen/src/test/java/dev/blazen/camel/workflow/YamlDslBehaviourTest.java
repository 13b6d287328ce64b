package dev.blazen.camel.workflow;

import org.apache.camel.support.PluginHelper;

/** The engine behaviours with workflows written in the YAML DSL (src/test/resources/workflows/behaviours.yaml). */
class YamlDslBehaviourTest extends WorkflowBehaviourContract {

    @Override
    void addWorkflows() throws Exception {
        PluginHelper.getRoutesLoader(context).loadRoutes(
                PluginHelper.getResourceLoader(context).resolveResource("classpath:workflows/behaviours.yaml"));
    }
}
