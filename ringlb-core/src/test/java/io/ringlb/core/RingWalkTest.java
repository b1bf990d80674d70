package io.ringlb.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RingWalkTest {

    // positions: 0  1  2  3  4  5
    private static final int[] POSITIONS = {2, -1, 0, 0, 1, 2};

    @Test
    void theMemberAtTheStartComesFirst() {
        assertThat(RingWalk.firstAcceptable(POSITIONS, 2, m -> true)).isEqualTo(0);
        assertThat(RingWalk.firstAcceptable(POSITIONS, 5, m -> true)).isEqualTo(2);
    }

    @Test
    void emptyPositionsAreSkipped() {
        assertThat(RingWalk.firstAcceptable(POSITIONS, 1, m -> true)).isEqualTo(0);
    }

    @Test
    void theWalkWrapsAtTheEnd() {
        assertThat(RingWalk.firstAcceptable(POSITIONS, 5, m -> m != 2)).isEqualTo(0);
    }

    @Test
    void aRunOfOneMembersPositionsIsAskedOnce() {
        List<Integer> asked = new ArrayList<>();
        int found = RingWalk.firstAcceptable(POSITIONS, 2, m -> {
            asked.add(m);
            return m == 1;
        });
        assertThat(found).isEqualTo(1);
        assertThat(asked).containsExactly(0, 1);
    }

    @Test
    void noneAcceptedIsMinusOne() {
        assertThat(RingWalk.firstAcceptable(POSITIONS, 0, m -> false)).isEqualTo(-1);
        assertThat(RingWalk.firstAcceptable(new int[] {-1, -1}, 0, m -> true)).isEqualTo(-1);
    }
}
