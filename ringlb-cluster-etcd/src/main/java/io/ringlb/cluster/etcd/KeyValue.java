package io.ringlb.cluster.etcd;

import java.nio.charset.StandardCharsets;

/**
 * One key as etcd holds it at a revision.
 *
 * @param key            the key (UTF-8)
 * @param value          its value; empty for a deletion
 * @param createRevision the revision that created it
 * @param modRevision    the revision that last changed it (or deleted it, for a deletion)
 */
public record KeyValue(String key, byte[] value, long createRevision, long modRevision) {

    public String valueString() {
        return new String(value, StandardCharsets.UTF_8);
    }
}
