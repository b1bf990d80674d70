package io.ringlb.analysis.harness;

import java.util.List;
import java.util.Optional;

/**
 * A balancer the user runs ({@code --target URL}): driven only through its public API.
 *
 * <p>A-3 may kill one of its replicas, so finding that replica's process must never pick another
 * balancer's replica of the same name (other ringlb instances, containers). On Linux the replica
 * must be the child of the process listening on the target's port; elsewhere it must be the only
 * local process running a replica of that name.
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
        List<ProcessHandle> ours = candidates(name);
        return ours.size() == 1 ? Optional.of(ours.get(0)) : Optional.empty();
    }

    private List<ProcessHandle> candidates(String name) {
        List<ProcessHandle> named = ReplicaProcesses.named(ProcessHandle.allProcesses(), name);
        if (!ListeningSockets.available()) {
            return named;
        }
        var sockets = ListeningSockets.listeningOn(client.base().getPort());
        return named.stream().filter(p -> p.parent().map(parent -> ListeningSockets.holdsAny(parent.pid(), sockets))
                .orElse(false)).toList();
    }

    @Override
    public String whyNoProcess(String name) {
        int named = ReplicaProcesses.named(ProcessHandle.allProcesses(), name).size();
        if (named == 0) {
            return "no local process runs replica '" + name + "' (another provisioner, or another machine): it was not killed";
        }
        return ListeningSockets.available()
                ? named + " local process(es) run a replica called '" + name + "', none a child of the process listening on port "
                        + client.base().getPort() + ": it was not killed"
                : named + " local processes run a replica called '" + name + "' and none is clearly the target's: it was not killed";
    }

    @Override
    public void close() {
        // Not ours to stop.
    }
}
