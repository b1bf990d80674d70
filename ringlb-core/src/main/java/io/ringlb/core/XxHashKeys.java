package io.ringlb.core;

import java.nio.ByteOrder;
import net.openhft.hashing.Access;
import net.openhft.hashing.LongHashFunction;

/**
 * Hashes keys with XXH3 (64-bit, seed 0): the key hasher of the {@code ring} and {@code maglev}
 * modes. A character sequence is hashed as its UTF-16 code units in little-endian order, whatever
 * its class and the platform, so a {@code String} and an {@code AsciiString} of the same text hash
 * alike.
 */
public final class XxHashKeys implements KeyHasher {

    public static final XxHashKeys INSTANCE = new XxHashKeys();

    private static final LongHashFunction XX3 = LongHashFunction.xx3();
    private static final Access<CharSequence> UTF16_LE = Access.toCharSequence(ByteOrder.LITTLE_ENDIAN);

    private XxHashKeys() {
    }

    @Override
    public long hashKey(CharSequence key) {
        return XX3.hash(key, UTF16_LE, 0, 2L * key.length());
    }

    @Override
    public long hashRequestId(long requestId) {
        return XX3.hashLong(requestId);
    }

    /** XXH3 of a string with a seed; used to place a member's points. */
    static long hash(String s, long seed) {
        return LongHashFunction.xx3(seed).hash(s, UTF16_LE, 0, 2L * s.length());
    }
}
