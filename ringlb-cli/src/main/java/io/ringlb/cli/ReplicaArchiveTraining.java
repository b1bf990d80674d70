package io.ringlb.cli;

import io.ringlb.balancer.provision.ReplicaClassCache;

/**
 * Makes the replica class-data archive for the default replica command, beside
 * {@code ringlb-replica.jar}, at build time ({@code mvn package} runs it), so that the first
 * balancer started after a build already starts its replicas with it. Run it as
 * {@code java -cp ringlb.jar io.ringlb.cli.ReplicaArchiveTraining}; it never fails the build: a
 * balancer without the archive makes its own.
 */
public final class ReplicaArchiveTraining {

    private ReplicaArchiveTraining() {
    }

    public static void main(String[] args) throws InterruptedException {
        ReplicaClassCache cache = new ReplicaClassCache(ReplicaLauncherCommand.command(ReplicaLauncherCommand.DEFAULT_JVM_OPTS));
        if (!cache.trainNow()) {
            System.err.println("ringlb: no replica class-data archive was made; balancers will make their own");
        }
    }
}
