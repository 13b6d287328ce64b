package dev.blazen.camel.workflow.checkpoint.file;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Collects what one logger logs while it is open. */
final class LogCapture extends AbstractAppender implements AutoCloseable {

    private final Logger logger;
    private final List<LogEvent> events = Collections.synchronizedList(new ArrayList<>());

    private LogCapture(Class<?> logged) {
        super("capture", null, null, true, Property.EMPTY_ARRAY);
        this.logger = (Logger) LogManager.getLogger(logged);
        start();
        logger.addAppender(this);
    }

    static LogCapture of(Class<?> logged) {
        return new LogCapture(logged);
    }

    @Override
    public void append(LogEvent event) {
        events.add(event.toImmutable());
    }

    List<LogEvent> events() {
        return List.copyOf(events);
    }

    @Override
    public void close() {
        logger.removeAppender(this);
        stop();
    }
}
