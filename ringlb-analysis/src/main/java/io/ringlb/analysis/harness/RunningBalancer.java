package io.ringlb.analysis.harness;

import java.util.List;
import java.util.Optional;

/**
 * A balancer the user runs ({@code --target URL}): driven only through its public API. Its
 * replica processes, when they run on this machine, are found among all processes by name; if
 * several balancers run replicas of the same name, the one whose parent listens on the target's
 * port (by its {@code --port} argument) is taken, and otherwise none.
 */
public final class RunningBalancer implements Target {

    private final BalancerClient client;

    public RunningBalancer(BalancerClient client) {
        this.client = client;
    }

    @Override
    public String label() {
        return client.base().toString();
    }

    @Override
    public BalancerClient client() {
        return client;
    }

    @Override
    public boolean selfHosted() {
        return false;
    }

    @Override
    public Optional<ProcessHandle> replicaProcess(String name) {
        List<ProcessHandle> all = ReplicaProcesses.named(ProcessHandle.allProcesses(), name);
        if (all.size() == 1) {
            return Optional.of(all.get(0));
        }
        String port = Integer.toString(client.base().getPort());
        List<ProcessHandle> ours = all.stream().filter(p -> p.parent().map(ReplicaProcesses::arguments)
                .map(args -> ReplicaProcesses.hasOption(args, "--port", port)).orElse(false)).toList();
        return ours.size() == 1 ? Optional.of(ours.get(0)) : Optional.empty();
    }

    @Override
    public String whyNoProcess(String name) {
        int found = ReplicaProcesses.named(ProcessHandle.allProcesses(), name).size();
        return found == 0
                ? "no local process runs replica '" + name + "' (another provisioner, or another machine): it was not killed"
                : found + " local processes run a replica called '" + name + "' and none is clearly the target's: it was not killed";
    }

    @Override
    public void close() {
        // Not ours to stop.
    }
}
