package io.ringlb.balancer.cluster;

import io.ringlb.balancer.provision.Provisioner;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Whether an {@code /add} or {@code /rm} fits the cluster as it is, with CONTRACT.md's messages
 * where it fixes them. Checks only: a rejected request has changed nothing.
 */
public final class ScaleRules {

    private ScaleRules() {
    }

    /**
     * Rejects an {@code /add} that cannot be done in full.
     *
     * @param count the replicas the cluster holds or is bringing back (replacements starting)
     */
    static void checkAdd(ScaleRequest req, Membership members, int count, Provisioner provisioner, int max, String limitName) {
        checkAdd(req, members::isTaken, count, provisioner, max, limitName);
    }

    /**
     * As {@link #checkAdd(ScaleRequest, Membership, int, Provisioner, int, String)}, for a replica
     * set kept elsewhere (a cluster's shared membership).
     *
     * @param taken whether a replica registered, starting or draining has this name
     */
    public static void checkAdd(ScaleRequest req, Predicate<String> taken, int count, Provisioner provisioner, int max,
                                String limitName) {
        if (req.hostnames().size() > req.n()) {
            throw AdminException.badRequest("<Error> Length of hostname list is more than newly added instances");
        }
        if (count + req.n() > max) {
            throw AdminException.badRequest("<Error> Cannot add " + req.n() + " replica(s): the cluster would have "
                    + (count + req.n()) + ", more than the maximum of " + max + " (" + limitName + ")");
        }
        for (String name : req.hostnames()) {
            if (taken.test(name)) {
                throw AdminException.badRequest("<Error> Hostname '" + name + "' already exists");
            }
            provisioner.nameConflict(name).ifPresent(why -> {
                throw AdminException.badRequest("<Error> Hostname '" + name + "' cannot be used: " + why);
            });
        }
        if (provisioner.createsReplicas() && !req.addresses().isEmpty()) {
            throw AdminException.badRequest("<Error> 'addresses' are only accepted with --provisioner static; "
                    + provisioner.kind() + " replicas get their address when they start");
        }
        if (req.addresses().stream().anyMatch(java.net.InetSocketAddress::isUnresolved)) {
            throw new IllegalStateException("static backend addresses reach the supervisor resolved (off the event loops)");
        }
        if (!provisioner.createsReplicas() && req.addresses().size() != req.n()) {
            throw AdminException.badRequest("<Error> Static backends need an address each: 'addresses' has "
                    + req.addresses().size() + " entries for n=" + req.n()
                    + ", e.g. {\"n\": 1, \"hostnames\": [\"b4\"], \"addresses\": [\"127.0.0.1:9004\"]}");
        }
    }

    /**
     * The replicas an {@code /rm} takes: the named ones, then random others up to {@code n}.
     * Rejects one that cannot be done in full.
     */
    static List<Replica> victims(ScaleRequest req, Membership members) {
        return victims(req, members::get, members.all());
    }

    /**
     * As {@link #victims(ScaleRequest, Membership)}, for a replica set kept elsewhere.
     *
     * @param byName the replica of a name, or null
     * @param all    every replica that may be removed
     */
    public static <T> List<T> victims(ScaleRequest req, Function<String, T> byName, Collection<T> all) {
        if (req.hostnames().size() > req.n()) {
            throw AdminException.badRequest("<Error> Length of hostname list is more than removable instances");
        }
        if (!req.addresses().isEmpty()) {
            throw AdminException.badRequest("<Error> 'addresses' are not accepted by /rm; name the replicas in 'hostnames'");
        }
        if (req.n() > all.size()) {
            throw AdminException.badRequest("<Error> Cannot remove " + req.n() + " replica(s): only "
                    + all.size() + " exist");
        }
        List<T> victims = new ArrayList<>();
        for (String name : req.hostnames()) {
            T r = byName.apply(name);
            if (r == null) {
                throw AdminException.badRequest("<Error> Hostname '" + name + "' does not exist");
            }
            victims.add(r);
        }
        List<T> others = new ArrayList<>(all);
        others.removeAll(victims);
        Collections.shuffle(others);
        victims.addAll(others.subList(0, req.n() - victims.size()));
        return victims;
    }
}
