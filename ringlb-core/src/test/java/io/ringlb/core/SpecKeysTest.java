package io.ringlb.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SpecKeysTest {

    @Test
    void digitKeysAreRequestIds() {
        assertThat(SpecKeys.INSTANCE.hashKey("123456")).isEqualTo(123456);
        assertThat(SpecKeys.INSTANCE.hashKey("007")).isEqualTo(7);
        assertThat(SpecKeys.INSTANCE.hashRequestId(654321)).isEqualTo(654321);
    }

    @Test
    void otherKeysFoldIntoTheSixDigitRangeDeterministically() {
        for (String k : new String[] {"", "abc", "12a", "-5", "1234567890123456789", "/home?x=1"}) {
            long r = SpecKeys.INSTANCE.hashKey(k);
            assertThat(r).as(k).isBetween((long) RequestIds.MIN, (long) RequestIds.MAX);
            assertThat(SpecKeys.INSTANCE.hashKey(k)).isEqualTo(r);
        }
    }

    @Test
    void randomIdsHaveSixDigits() {
        for (int i = 0; i < 10_000; i++) {
            assertThat(RequestIds.random()).isBetween(RequestIds.MIN, RequestIds.MAX);
        }
    }
}
