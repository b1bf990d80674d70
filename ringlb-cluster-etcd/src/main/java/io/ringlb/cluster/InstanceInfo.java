package io.ringlb.cluster;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;

/**
 * What an instance publishes about itself under {@code instances/<name>}: where it runs, for
 * people and tools (the analysis finds the leader's process through it).
 *
 * @param host        the host it runs on
 * @param port        the port it was told to listen on (0: any)
 * @param pid         its process id
 * @param provisioner how it runs its replicas
 * @param protocol    what it understands of the cluster's keys: {@link #FIRST_PROTOCOL} (the
 *                    field absent: a ringlb from before names were released), or
 *                    {@link #NAMES_RELEASED}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record InstanceInfo(@JsonProperty("host") String host, @JsonProperty("port") int port,
                    @JsonProperty("pid") long pid, @JsonProperty("provisioner") String provisioner,
                    @JsonProperty("protocol") int protocol) {

    /** The first cluster mode: members known by name alone; a draining replica keeps its name until it is gone. */
    static final int FIRST_PROTOCOL = 0;
    /**
     * Members told apart by name and operation ({@link Member#id()}); an owner releases the name of
     * a draining replica ({@link Member#released()}), and drains are acknowledged per member id.
     */
    static final int NAMES_RELEASED = 1;

    /** This instance, speaking this version's protocol. */
    static InstanceInfo current(String host, int port, long pid, String provisioner) {
        return new InstanceInfo(host, port, pid, provisioner, NAMES_RELEASED);
    }

    /** Whether {@code other} is this same instance started again (same host and fixed port). */
    boolean sameSeat(InstanceInfo other) {
        return other != null && port != 0 && port == other.port && host.equals(other.host);
    }

    byte[] toJson() {
        try {
            return ClusterRecord.JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static InstanceInfo parse(byte[] json) {
        try {
            return ClusterRecord.JSON.readValue(json, InstanceInfo.class);
        } catch (IOException e) {
            return null;
        }
    }
}
