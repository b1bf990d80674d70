package io.ringlb.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.InspectContainerResponse;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** When the Docker host's clients can be told by their address: a port published on the host's loopback only. */
class LoopbackPublishingTest {

    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private static InspectContainerResponse balancer(String bindings) throws Exception {
        return JSON.readValue("{\"Name\": \"/ringlb_ringlb_1\", \"HostConfig\": {\"PortBindings\": {\"5000/tcp\": " + bindings + "}},"
                + " \"NetworkSettings\": {\"Networks\": {\"ringlb-net\": {\"IPAddress\": \"172.19.0.2\", \"Gateway\": \"172.19.0.1\"}}}}",
                InspectContainerResponse.class);
    }

    @Test
    void publishedOnLoopbackOnlyTheGatewayIsTheHost() throws Exception {
        var peers = LoopbackPublishing.hostPeers(balancer("[{\"HostIp\": \"127.0.0.1\", \"HostPort\": \"5000\"}]"), 5000);
        assertThat(peers.addresses()).containsExactly(InetAddress.getByName("172.19.0.1"));
        assertThat(peers.whyNone()).isNull();
    }

    @Test
    void publishedAnywhereElseNothingIsTrusted() throws Exception {
        for (String hostIp : new String[] {"", "0.0.0.0", "::", "192.0.2.2"}) {
            var peers = LoopbackPublishing.hostPeers(balancer("[{\"HostIp\": \"127.0.0.1\", \"HostPort\": \"5000\"},"
                    + " {\"HostIp\": \"" + hostIp + "\", \"HostPort\": \"5000\"}]"), 5000);
            assertThat(peers.addresses()).as(hostIp).isEmpty();
            assertThat(peers.whyNone()).contains("the Docker host's proxy also carries other machines' clients");
        }
    }

    @Test
    void notPublishedOrNotInAContainerNothingIsTrusted() throws Exception {
        assertThat(LoopbackPublishing.hostPeers(balancer("[]"), 5000).whyNone()).isEqualTo("port 5000 is not published on the host");
        assertThat(LoopbackPublishing.hostPeers(balancer("[{\"HostIp\": \"127.0.0.1\", \"HostPort\": \"5000\"}]"), 5001).addresses())
                .as("another port").isEmpty();
        assertThat(LoopbackPublishing.hostPeers(null, 5000).whyNone()).contains("does not run in a container");
    }
}
