package dev.blazen.llm.window;

import dev.blazen.llm.chat.ChatMessage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChatWindowTest {

    // seven ASCII bytes: 4 + ceil(7 / 3.5) = 6 tokens each with the default estimator
    private static final ChatMessage SYSTEM = ChatMessage.system("sssssss");
    private static final ChatMessage U1 = ChatMessage.user("u1u1u1u");
    private static final ChatMessage A1 = ChatMessage.assistant("a1a1a1a");
    private static final ChatMessage U2 = ChatMessage.user("u2u2u2u");
    private static final ChatMessage A2 = ChatMessage.assistant("a2a2a2a");

    @Test
    void aWindowExactlyAtItsBudgetKeepsEverything() {
        ChatWindow window = new ChatWindow(21);

        assertThat(window.addAll(List.of(SYSTEM, U1, A1))).isEmpty();

        assertThat(window.tokenCount()).isEqualTo(3 + 6 + 6 + 6);
        assertThat(window.remaining()).isZero();
        assertThat(window.messages()).containsExactly(SYSTEM, U1, A1);
    }

    @Test
    void goingOverEvictsTheOldestNonSystemMessageWhole() {
        ChatWindow window = new ChatWindow(21);
        window.addAll(List.of(SYSTEM, U1, A1));

        List<ChatMessage> evicted = window.add(U2);

        assertThat(evicted).containsExactly(U1);
        assertThat(window.messages()).containsExactly(SYSTEM, A1, U2);
        assertThat(window.tokenCount()).isEqualTo(21);
    }

    @Test
    void evictsAsManyAsNeededAndReportsThemOldestFirst() {
        ChatWindow window = new ChatWindow(40);
        window.addAll(List.of(SYSTEM, U1, A1, U2, A2));
        assertThat(window.tokenCount()).isEqualTo(33);
        assertThat(window.remaining()).isEqualTo(7);

        // 4 + ceil(35 / 3.5) = 14: 33 + 14 = 47, so two 6-token messages must go
        ChatMessage big = ChatMessage.user("x".repeat(35));
        assertThat(window.add(big)).containsExactly(U1, A1);

        assertThat(window.messages()).containsExactly(SYSTEM, U2, A2, big);
        assertThat(window.tokenCount()).isEqualTo(3 + 6 + 6 + 6 + 14);
        assertThat(window.remaining()).isEqualTo(5);
    }

    @Test
    void systemMessagesAreNeverEvictedWhereverTheyStand() {
        ChatMessage lateSystem = ChatMessage.system("ttttttt");
        ChatWindow window = new ChatWindow(27);
        window.addAll(List.of(U1, lateSystem, A1, U2));
        assertThat(window.tokenCount()).isEqualTo(27);

        assertThat(window.add(A2)).containsExactly(U1);
        assertThat(window.add(U1)).containsExactly(A1);

        assertThat(window.messages()).containsExactly(lateSystem, U2, A2, U1);
    }

    @Test
    void aMessageThatCannotFitIsEvictedItselfAndSystemMessagesStayEvenOverBudget() {
        ChatWindow window = new ChatWindow(15);
        window.addAll(List.of(SYSTEM, U1));

        ChatMessage huge = ChatMessage.user("y".repeat(100));
        assertThat(window.add(huge)).containsExactly(U1, huge);
        assertThat(window.messages()).containsExactly(SYSTEM);

        window.add(ChatMessage.system("z".repeat(100)));
        assertThat(window.tokenCount()).isGreaterThan(15);
        assertThat(window.remaining()).isZero();
        assertThat(window.size()).isEqualTo(2);
    }

    @Test
    void clearDropsEverythingIncludingSystemMessages() {
        ChatWindow window = new ChatWindow(100);
        window.addAll(List.of(SYSTEM, U1));

        window.clear();

        assertThat(window.messages()).isEmpty();
        assertThat(window.tokenCount()).isZero();
        assertThat(window.remaining()).isEqualTo(100);
    }

    @Test
    void theCharsPerTokenRatioCanBeChanged() {
        ChatWindow window = new ChatWindow(100);
        window.addAll(List.of(SYSTEM, U1));

        ChatWindow denser = window.withCharsPerToken(1);

        assertThat(denser.messages()).containsExactly(SYSTEM, U1);
        assertThat(denser.tokenCount()).isEqualTo(3 + 11 + 11);
        assertThat(window.tokenCount()).isEqualTo(3 + 6 + 6);
    }

    @Test
    void rejectsANonPositiveBudget() {
        assertThatThrownBy(() -> new ChatWindow(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
