package dev.blazen.examples.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blazen.camel.BlazenComponent;
import dev.blazen.camel.workflow.WorkflowEngine;
import dev.blazen.examples.ExamplesApplication;
import org.apache.camel.CamelContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/** Starting the examples application for the approval tests, and waiting for what happens in the background. */
final class ApprovalTestSupport {

    static final ObjectMapper JSON = new ObjectMapper();

    private ApprovalTestSupport() {
    }

    /** The real application on a free HTTP port, timers out of the way, with the given properties. */
    static ExamplesApplication startApplication(int port, Map<String, String> properties) throws Exception {
        ExamplesApplication application = new ExamplesApplication();
        application.addOverrideProperty("camel.server.port", String.valueOf(port));
        application.addOverrideProperty("blazen.examples.greeter.delay", "600000");
        application.addOverrideProperty("blazen.examples.review.delay", "600000");
        properties.forEach(application::addOverrideProperty);
        application.parseArguments(new String[0]);
        application.start();
        return application;
    }

    static ApprovalDesk desk(ExamplesApplication application) {
        return application.getCamelContext().getRegistry().lookupByNameAndType(ApprovalDesk.BEAN, ApprovalDesk.class);
    }

    static WorkflowEngine engine(CamelContext context) {
        return context.getComponent("blazen", BlazenComponent.class).getEngine();
    }

    /** Polls until the value is non-null, or fails naming what it waited for. */
    static <T> T await(String what, Duration timeout, Supplier<T> probe) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + timeout.toMillis() + " ms for " + what);
            }
            Thread.sleep(20);
        }
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
