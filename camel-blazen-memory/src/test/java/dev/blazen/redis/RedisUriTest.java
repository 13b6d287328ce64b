package dev.blazen.redis;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Parsing and masking of Redis addresses (the connection and backend tests cover the errors). */
class RedisUriTest {

    @Test
    void addressesParseWithDefaultsAndPercentDecodedCredentials() {
        RedisUri plain = RedisUri.parse("redis://localhost");
        assertThat(plain.host()).isEqualTo("localhost");
        assertThat(plain.port()).isEqualTo(6379);
        assertThat(plain.database()).isZero();
        assertThat(plain.user()).isNull();
        assertThat(plain.password()).isNull();
        assertThat(plain.tls()).isFalse();
        assertThat(plain).hasToString("redis://localhost:6379");

        RedisUri full = RedisUri.parse("rediss://alice:p%40ss%3Aw%2Frd@cache.example:6380/2");
        assertThat(full.tls()).isTrue();
        assertThat(full.user()).isEqualTo("alice");
        assertThat(full.password()).isEqualTo("p@ss:w/rd");
        assertThat(full.host()).isEqualTo("cache.example");
        assertThat(full.port()).isEqualTo(6380);
        assertThat(full.database()).isEqualTo(2);
        assertThat(full).hasToString("rediss://alice:****@cache.example:6380/2");

        RedisUri passwordOnly = RedisUri.parse("redis://:secret@[::1]:7000/");
        assertThat(passwordOnly.user()).isNull();
        assertThat(passwordOnly.password()).isEqualTo("secret");
        assertThat(passwordOnly.host()).isEqualTo("::1");
        assertThat(passwordOnly).hasToString("redis://:****@[::1]:7000");
        assertThat(passwordOnly.scrub("echo secret back")).isEqualTo("echo **** back");
    }
}
