package io.ringlb.replica;

import java.util.List;

/**
 * The options of {@code ringlb replica}, read by hand rather than by picocli: picocli's classes are
 * compiled for Java 5, which the JVM's class-data archive cannot hold, so reading them and their
 * annotations costs each replica JVM about 50 ms, a sixth of its start.
 *
 * @param name           the replica's name, or null for this host's name
 * @param id             the integer id to report on {@code /home} instead of the name, or 0 to report the name
 * @param port           the port to listen on, 0 for any free one
 * @param bind           the address to listen on
 * @param threads        event loops
 * @param exitWithParent exit when stdin closes (how the balancer's children die with it)
 * @param warmUpAndExit  serve a few requests to itself, then exit (a class-data archive's training run)
 * @param help           only print {@link #USAGE}
 */
public record ReplicaOptions(String name, int id, int port, String bind, int threads, boolean exitWithParent,
                             boolean warmUpAndExit, boolean help) {

    public static final String USAGE = String.join(System.lineSeparator(),
            "Usage: ringlb replica [--exit-with-parent] [--name=NAME] [--id=N] [--port=PORT] [--bind=ADDRESS] [--threads=N]",
            "Run one replica: GET /home answers with its name, GET /heartbeat with 200, anything else 404.",
            "      --name=NAME          The replica's name (" + ReplicaName.RULE + "),",
            "                             reported by /home (default: this host's name, which in a container",
            "                             is the container's hostname).",
            "      --id=N               Report this positive integer id on /home (Hello from Server: 3) instead of",
            "                             the name; the balancer passes each replica's id with --home-id.",
            "      --port=PORT          Port to listen on; 0 picks a free one (default: 8080).",
            "      --bind=ADDRESS       Address to listen on (default: 127.0.0.1).",
            "      --threads=N          Event loop threads (default: 1).",
            "      --exit-with-parent   Exit when stdin closes: how the balancer makes sure its replicas die with it.",
            "  -h, --help               Show this help message and exit.");

    /**
     * Reads {@code args}: {@code --option value} or {@code --option=value}, flags alone.
     *
     * @throws IllegalArgumentException saying which argument is wrong
     */
    public static ReplicaOptions parse(List<String> args) {
        String name = null;
        int id = 0;
        int port = 8080;
        String bind = "127.0.0.1";
        int threads = 1;
        boolean exitWithParent = false;
        boolean warmUpAndExit = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            int eq = arg.indexOf('=');
            String option = arg.startsWith("--") && eq > 0 ? arg.substring(0, eq) : arg;
            String inline = option.equals(arg) ? null : arg.substring(eq + 1);
            switch (option) {
                case "-h", "--help" -> {
                    return new ReplicaOptions(null, 0, 0, bind, 1, false, false, true);
                }
                case "--exit-with-parent" -> exitWithParent = flag(option, inline);
                case "--warm-up-and-exit" -> warmUpAndExit = flag(option, inline);
                case "--name", "--id", "--port", "--bind", "--threads" -> {
                    String value = inline;
                    if (value == null) {
                        if (i + 1 >= args.size()) {
                            throw new IllegalArgumentException("Missing value for " + option);
                        }
                        value = args.get(++i);
                    }
                    switch (option) {
                        case "--name" -> name = value;
                        case "--id" -> id = integer(option, value);
                        case "--port" -> port = integer(option, value);
                        case "--bind" -> bind = value;
                        default -> threads = integer(option, value);
                    }
                }
                default -> throw new IllegalArgumentException(
                        (arg.startsWith("-") ? "Unknown option: '" : "Unexpected argument: '") + arg + "'");
            }
        }
        if (name != null && !ReplicaName.isValid(name)) {
            throw new IllegalArgumentException("--name '" + name + "' is not a valid name (" + ReplicaName.RULE + ")");
        }
        if (id < 0 || (id == 0 && args.stream().anyMatch(a -> a.equals("--id") || a.startsWith("--id=")))) {
            throw new IllegalArgumentException("--id must be a positive integer, got " + id);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be 0-65535, got " + port);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
        }
        return new ReplicaOptions(name, id, port, bind, threads, exitWithParent, warmUpAndExit, false);
    }

    private static boolean flag(String option, String inline) {
        if (inline != null) {
            throw new IllegalArgumentException(option + " takes no value");
        }
        return true;
    }

    private static int integer(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be an integer, got '" + value + "'", e);
        }
    }
}
