package dev.blazen.camel.workflow.context;

/** Where a context sends the events a step hands over outside its return value. */
public interface EventSink {

    /** Routes an event to the steps that accept it, as if the step had returned it. */
    void sendEvent(Object event);

    /** Publishes an event on the run's stream only. */
    void writeEventToStream(Object event);
}
