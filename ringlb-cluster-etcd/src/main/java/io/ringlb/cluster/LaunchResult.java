package io.ringlb.cluster;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * An owner's answer to "start this replica": where it listens, ready (its first heartbeat
 * answered), or why it could not start.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
record LaunchResult(@JsonProperty("host") String host, @JsonProperty("port") Integer port,
                    @JsonProperty("error") String error) {

    static LaunchResult ready(InetSocketAddress a) {
        return new LaunchResult(a.getHostString(), a.getPort(), null);
    }

    static LaunchResult failed(String why) {
        return new LaunchResult(null, null, why);
    }

    boolean ok() {
        return error == null && host != null && port != null;
    }

    InetSocketAddress address() {
        return InetSocketAddress.createUnresolved(host, port);
    }

    static LaunchResult parse(byte[] json) {
        try {
            return ClusterRecord.JSON.readValue(json, LaunchResult.class);
        } catch (IOException e) {
            return failed("unreadable launch result: " + e.getMessage());
        }
    }

    byte[] toJson() {
        try {
            return ClusterRecord.JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
