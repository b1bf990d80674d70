package io.ringlb.replica;

import io.ringlb.transport.Transport;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * {@code ringlb replica}: runs one replica server in the foreground. The entry point of the
 * standalone {@code ringlb-replica.jar} ({@code java -jar ringlb-replica.jar [replica] OPTIONS});
 * {@code ringlb.jar}'s {@code replica} subcommand runs the same {@link #run}.
 *
 * <p>That jar holds the replica server and what it runs on, nothing of the balancer: a JVM that
 * starts it opens a small jar and loads a few hundred classes, most of them from the class-data
 * archive, and a replica's start is most of a replacement's (healing) time.
 */
public final class ReplicaMain {

    /** Exit status for a command line that cannot be run (as picocli's usage errors). */
    static final int USAGE_ERROR = 2;

    private ReplicaMain() {
    }

    public static void main(String[] args) throws Exception {
        Transport.useProductionDefaults();
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs a replica with command-line {@code args} (a leading {@code replica} is skipped, so that
     * a command line written for either jar works with the other), until it is stopped.
     *
     * @return the exit status: 0, or {@value #USAGE_ERROR} for a bad command line (said on {@code err})
     */
    public static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException, IOException {
        List<String> rest = Arrays.asList(args);
        if (!rest.isEmpty() && rest.get(0).equals("replica")) {
            rest = rest.subList(1, rest.size());
        }
        ReplicaOptions o;
        String name;
        try {
            o = ReplicaOptions.parse(rest);
            name = o.name() != null ? o.name() : hostName();
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(ReplicaOptions.USAGE);
            return USAGE_ERROR;
        }
        if (o.help()) {
            out.println(ReplicaOptions.USAGE);
            return 0;
        }
        ReplicaServer server = ReplicaServer.start(name, o.id() > 0 ? Integer.toString(o.id()) : name, o.bind(), o.port(), o.threads());
        if (o.warmUpAndExit()) {
            server.warmUp();
            server.close();
            return 0;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "replica-shutdown"));
        if (o.exitWithParent()) {
            ParentWatch.onStdinClosed(() -> {
                server.close();
                Runtime.getRuntime().halt(0);
            });
        }
        server.awaitClose();
        return 0;
    }

    /** This host's name, as the kernel has it (a container's is its {@code --hostname}), checked as a replica name. */
    private static String hostName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("no --name given and this host's name is unknown: " + e.getMessage(), e);
        }
        if (!ReplicaName.isValid(host)) {
            throw new IllegalArgumentException("no --name given and this host's name '" + host + "' is not a valid name ("
                    + ReplicaName.RULE + ")");
        }
        return host;
    }
}
