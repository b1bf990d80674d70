package io.ringlb.balancer.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AdminTokenTest {

    @Test
    void aTokenMatchesOnlyItself() {
        AdminToken t = AdminToken.of("  abc.DEF-123_~+/==\n");
        assertThat(t.matches("abc.DEF-123_~+/==")).isTrue();
        assertThat(t.matches("abc.DEF-123_~+/=")).isFalse();
        assertThat(t.matches("")).isFalse();
        assertThat(t.matches("ABC.DEF-123_~+/==")).isFalse();
    }

    @Test
    void refusesTokensABearerFieldCannotCarryWithoutRepeatingThem() {
        assertThatThrownBy(() -> AdminToken.of("")).hasMessage("the admin token is empty");
        assertThatThrownBy(() -> AdminToken.of(" \n")).hasMessage("the admin token is empty");
        assertThatThrownBy(() -> AdminToken.of(null)).hasMessage("the admin token is empty");
        for (String bad : new String[] {"two words", "semi;colon", "quote\"d", "=first", "mid=dle", "line1\nline2", "ünicode"}) {
            assertThatThrownBy(() -> AdminToken.of(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .message().contains("RFC 6750").doesNotContain(bad);
        }
    }
}
