package io.ringlb.cluster.etcd;

/** A change seen by a watch: a put of {@code kv}, or its deletion ({@code kv} then has no value). */
public record StoreEvent(boolean deleted, KeyValue kv) {
}
