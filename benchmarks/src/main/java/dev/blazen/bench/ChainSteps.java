package dev.blazen.bench;

import dev.blazen.camel.workflow.event.StopEvent;
import org.apache.camel.Message;
import org.apache.camel.Processor;

import java.util.function.IntFunction;

/**
 * The work of the 5-step chain, shared by every variant of the engine benchmark: step {@code i} reads the int of the
 * record in the body and leaves the next record, holding that int plus one, in the body. A run starts with
 * {@code Num0(0)} and must end with 5.
 * <p>
 * The records differ per step because a blazen step is chosen by the type of the event it accepts; the seda and
 * direct chains carry the same records so every variant allocates and reads the same objects. Only the last step
 * differs: a blazen run ends by emitting {@link StopEvent}, the Camel chains end with {@link Done}.
 */
final class ChainSteps {

    static final int STEPS = 5;

    /** What every chain record carries. */
    interface Counted {
        int value();
    }

    record Num0(int value) implements Counted {
    }

    record Num1(int value) implements Counted {
    }

    record Num2(int value) implements Counted {
    }

    record Num3(int value) implements Counted {
    }

    record Num4(int value) implements Counted {
    }

    /** The last record of the seda and direct chains. */
    record Done(int value) implements Counted {
    }

    private static final IntFunction<?>[] NEXT = {Num1::new, Num2::new, Num3::new, Num4::new};

    private ChainSteps() {
    }

    /**
     * The processor of step {@code index} (1..5). {@code last} builds what the fifth step leaves in the body.
     */
    static Processor step(int index, IntFunction<?> last) {
        if (index < 1 || index > STEPS) {
            throw new IllegalArgumentException("step index must be 1.." + STEPS + ", got " + index);
        }
        IntFunction<?> next = index == STEPS ? last : NEXT[index - 1];
        return exchange -> {
            Message message = exchange.getMessage();
            int value = ((Counted) message.getBody()).value();
            message.setBody(next.apply(value + 1));
        };
    }

    /** The blazen chain's last step: ends the run with the count as result. */
    static IntFunction<?> stop() {
        return StopEvent::new;
    }

    static IntFunction<?> done() {
        return Done::new;
    }

    /** The event type blazen step {@code index} accepts. */
    static String accepts(int index) {
        return index == 1 ? "StartEvent" : "Num" + (index - 1);
    }
}
