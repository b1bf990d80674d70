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
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record InstanceInfo(@JsonProperty("host") String host, @JsonProperty("port") int port,
                    @JsonProperty("pid") long pid, @JsonProperty("provisioner") String provisioner) {

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
