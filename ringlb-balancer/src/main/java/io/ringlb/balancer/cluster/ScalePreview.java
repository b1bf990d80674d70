package io.ringlb.balancer.cluster;

import io.ringlb.core.RingMember;
import java.util.List;

/**
 * What an {@code /add} or {@code /rm} would do, computed without doing it (a dry run).
 *
 * @param replicas  the replicas it would add or remove
 * @param example   whether some of them are an example of a random choice (generated names, or
 *                  replicas picked at random beyond the named ones): the real operation draws again
 * @param before    the ring now
 * @param after     the ring it would leave
 */
public record ScalePreview(List<String> replicas, boolean example, List<RingMember> before, List<RingMember> after) {

    public ScalePreview {
        replicas = List.copyOf(replicas);
        before = List.copyOf(before);
        after = List.copyOf(after);
    }
}
