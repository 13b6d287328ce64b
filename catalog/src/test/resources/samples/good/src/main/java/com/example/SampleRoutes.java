package com.example;

import org.apache.camel.EndpointInject;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;

/** Extractor sample: every way a Java route writes an endpoint URI. Not compiled; read as text. */
public class SampleRoutes extends RouteBuilder {

    static final String WORKFLOW = "orders";
    private static final String START = "blazen:workflow:" + WORKFLOW + "?workflowTimeout=2m";

    @EndpointInject("blazen:workflow:orders?async=true")
    ProducerTemplate orders;

    @Override
    public void configure() {
        // from("blazen:step:commented/out?bogus=1") is a comment, not a route
        /* to("blazen:workflow:also-commented?nope=1") */
        from("platform-http:/orders?httpMethodRestrict=POST")
                .to(START)
                .to("log:orders?showAll=true");

        from("blazen:step:" + WORKFLOW + "/validate?accepts=StartEvent&maxConcurrency={{validate.concurrency}}")
                .log("blazen:step validated ${body}")
                .setBody(simple("${body}"));

        from("blazen:stream-events:" + WORKFLOW + "?streamBufferSize=256")
                .to("seda:progress", "log:progress");

        from("timer:tick?period={{tick.period}}")
                .toD("blazen:workflow:${header.wf}?async=true", 10)
                .wireTap("direct:audit");

        String target = System.getenv("TARGET");
        from("direct:dynamic").to("blazen:workflow:" + target.trim() + "?maxInFlight=8")
                .to("{{audit.uri}}", "{{unset.uri}}");

        from("""
                blazen:step:orders/text-block?accepts=Checked""")
                .to(ExchangePattern.InOut, "direct:audit");
    }

    void send(ProducerTemplate template) {
        template.sendBody("direct:dynamic", "log:not-an-endpoint");
    }
}
