package io.ringlb.cluster.etcd;

/** A change a transaction makes. */
public sealed interface Write {

    /** Sets {@code key} to {@code value}, attached to {@code lease} (0: no lease). */
    record Put(String key, byte[] value, long lease) implements Write {
    }

    /** Deletes {@code key}. */
    record Delete(String key) implements Write {
    }

    /** Deletes every key starting with {@code prefix}. */
    record DeletePrefix(String prefix) implements Write {
    }
}
