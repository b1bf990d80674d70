package io.ringlb.cluster.etcd;

/**
 * A condition of a transaction: the key's modification or creation revision equals a value
 * (0 = the key does not exist).
 */
public record Guard(String key, Target target, long value) {

    /** Which revision of the key is compared. */
    public enum Target { MOD_REVISION, CREATE_REVISION }

    /** The key was last changed at {@code modRevision}; 0: the key does not exist. */
    public static Guard modRevision(String key, long modRevision) {
        return new Guard(key, Target.MOD_REVISION, modRevision);
    }

    /** The key was created at {@code createRevision} and still exists; 0: it does not exist. */
    public static Guard createRevision(String key, long createRevision) {
        return new Guard(key, Target.CREATE_REVISION, createRevision);
    }

    public static Guard absent(String key) {
        return modRevision(key, 0);
    }
}
