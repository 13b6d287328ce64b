package dev.blazen.llm.agent;

import dev.blazen.llm.error.ToolError;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorTextTest {

    @Test
    void keepsTypeAndFirstMessageLineOnly() {
        RuntimeException error = new RuntimeException("outer failure\nat com.acme.Secret.method(Secret.java:12)",
                new IllegalStateException("inner cause"));
        assertThat(ErrorText.of(error)).isEqualTo("RuntimeException: outer failure");
        assertThat(ErrorText.of(new NullPointerException())).isEqualTo("NullPointerException");
        assertThat(ErrorText.of(new ToolError("t", "gone"))).isEqualTo("ToolError: tool error in 't': gone");
    }

    @Test
    void masksCredentials() {
        assertThat(ErrorText.sanitize("call with Authorization: Bearer abc.def failed"))
                .doesNotContain("abc.def");
        assertThat(ErrorText.sanitize("api_key=AKIA123456 token: xyz987 password=hunter2"))
                .isEqualTo("api_key=*** token: *** password=***");
        assertThat(ErrorText.sanitize("key sk-proj-abcdefghijklmnopqrstuv rejected")).isEqualTo("key *** rejected");
        assertThat(ErrorText.sanitize("bad AIzaSyA-0123456789abcdefgh here")).isEqualTo("bad *** here");
    }

    @Test
    void shortensLongMessages() {
        assertThat(ErrorText.sanitize("x".repeat(2000))).hasSize(500).endsWith("...");
    }
}
