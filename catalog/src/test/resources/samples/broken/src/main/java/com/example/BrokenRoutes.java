package com.example;

import org.apache.camel.builder.RouteBuilder;

/** Mistakes the check must catch. Not compiled; read as text. */
public class BrokenRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("blazen:step:orders/validate?acepts=StartEvent")
                .to("blazen:workflow:orders?maxInFlight=abc");
        from("timer:tick?perod=5s")
                .to("blazen:step:orders/other");
    }
}
