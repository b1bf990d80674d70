package io.ringlb.core;

/**
 * The {@code spec} mode's key hasher: the ring key is the request id r itself (H is applied by
 * {@link SpecRing}). A key made only of up to 18 decimal digits is read as r; any other key is
 * folded into the 6-digit range as {@code 100000 + XXH3(key) mod 900000}.
 */
public final class SpecKeys implements KeyHasher {

    public static final SpecKeys INSTANCE = new SpecKeys();

    private SpecKeys() {
    }

    @Override
    public long hashKey(CharSequence key) {
        int len = key.length();
        if (len > 0 && len <= 18) {
            long r = 0;
            int i = 0;
            for (; i < len; i++) {
                char c = key.charAt(i);
                if (c < '0' || c > '9') {
                    break;
                }
                r = r * 10 + (c - '0');
            }
            if (i == len) {
                return r;
            }
        }
        long h = XxHashKeys.INSTANCE.hashKey(key);
        return RequestIds.MIN + Long.remainderUnsigned(h, RequestIds.MAX - RequestIds.MIN + 1L);
    }

    @Override
    public long hashRequestId(long requestId) {
        return requestId;
    }
}
