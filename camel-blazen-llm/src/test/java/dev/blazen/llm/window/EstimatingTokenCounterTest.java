package dev.blazen.llm.window;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.blazen.llm.chat.ChatMessage;
import dev.blazen.llm.chat.ToolCall;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EstimatingTokenCounterTest {

    private final EstimatingTokenCounter counter = new EstimatingTokenCounter();

    @Test
    void aMessageCostsFourPlusItsUtf8BytesOverThreePointFiveRoundedUp() {
        assertThat(counter.countMessage(ChatMessage.user(""))).isEqualTo(4);
        assertThat(counter.countMessage(ChatMessage.user("abcdefg"))).isEqualTo(4 + 2);
        assertThat(counter.countMessage(ChatMessage.user("abcdefgh"))).isEqualTo(4 + 3);
        // 'é' is two UTF-8 bytes and '€' three: 5 bytes, not 2 characters
        assertThat(counter.countMessage(ChatMessage.user("é€"))).isEqualTo(4 + 2);
    }

    @Test
    void aConversationAddsThreeUnlessItIsEmpty() {
        List<ChatMessage> messages = List.of(ChatMessage.system("You are helpful."), ChatMessage.user("Hello!"));

        // 16 bytes -> 5, 6 bytes -> 2
        assertThat(counter.count(messages)).isEqualTo(3 + (4 + 5) + (4 + 2));
        assertThat(counter.count(List.of())).isZero();
    }

    @Test
    void theRatioIsTunable() {
        EstimatingTokenCounter code = new EstimatingTokenCounter(2.5);

        assertThat(code.charsPerToken()).isEqualTo(2.5);
        assertThat(code.countMessage(ChatMessage.user("abcdefg"))).isEqualTo(4 + 3);
        assertThatThrownBy(() -> new EstimatingTokenCounter(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EstimatingTokenCounter(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toolCallsAndResultsCountAndMediaPartsCostAFixedAmount() {
        ChatMessage call = ChatMessage.assistantToolCalls(null, List.of(new ToolCall("c1", "weather",
                JsonNodeFactory.instance.objectNode().put("city", "Paris"))));
        // "weather" + {"city":"Paris"} = 7 + 16 bytes -> 7
        assertThat(counter.countMessage(call)).isEqualTo(4 + 7);

        ChatMessage image = ChatMessage.userImageUrl("see", "https://example.com/a-very-long-image-address.png", "image/png");
        assertThat(counter.countMessage(image)).isEqualTo(4 + 1 + 85);
        assertThat(new EstimatingTokenCounter(3.5, 0).countMessage(image)).isEqualTo(4 + 1);
    }
}
