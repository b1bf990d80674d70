package io.ringlb.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** Reading a replica's address out of the engine's inspect JSON, as the Engine API sends it. */
class ContainerAddressTest {

    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private static InspectContainerResponse inspect(String networkSettings) throws Exception {
        return JSON.readValue(
                "{\"Name\": \"/s1\", \"NetworkSettings\": " + networkSettings + "}", InspectContainerResponse.class);
    }

    @Test
    void onTheNetworkTheContainersOwnAddressAndPort8080() throws Exception {
        InspectContainerResponse c = inspect("{\"Networks\": {\"other\": {\"IPAddress\": \"172.18.0.9\"},"
                + " \"ringlb-net\": {\"IPAddress\": \"172.19.0.4\", \"Aliases\": [\"s1\"]}}}");
        InetSocketAddress a = ContainerAddress.of(c, Reach.NETWORK, "ringlb-net", "s1");
        assertThat(a.getAddress().getHostAddress()).isEqualTo("172.19.0.4");
        assertThat(a.getHostString()).isEqualTo("s1");
        assertThat(a.getPort()).isEqualTo(8080);
    }

    @Test
    void publishedTheLoopbackBindingOnly() throws Exception {
        InspectContainerResponse c = inspect("{\"Ports\": {\"8080/tcp\": [{\"HostIp\": \"0.0.0.0\", \"HostPort\": \"40001\"},"
                + " {\"HostIp\": \"127.0.0.1\", \"HostPort\": \"40002\"}]}}");
        InetSocketAddress a = ContainerAddress.of(c, Reach.PUBLISHED, "ringlb-net", "s1");
        assertThat(a.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(a.getPort()).isEqualTo(40002);
    }

    @Test
    void noAddressIsAClearError() throws Exception {
        assertThatThrownBy(() -> ContainerAddress.of(inspect("{\"Networks\": {\"other\": {\"IPAddress\": \"172.18.0.9\"}}}"),
                Reach.NETWORK, "ringlb-net", "s1"))
                .hasMessage("container s1 has no address on network ringlb-net");
        assertThatThrownBy(() -> ContainerAddress.of(inspect("{\"Ports\": {\"8080/tcp\": [{\"HostIp\": \"0.0.0.0\", \"HostPort\": \"40001\"}]}}"),
                Reach.PUBLISHED, "ringlb-net", "s1"))
                .hasMessageStartingWith("container s1 publishes no port on 127.0.0.1 for 8080/tcp");
        assertThatThrownBy(() -> ContainerAddress.of(inspect("{}"), Reach.PUBLISHED, "ringlb-net", "s1"))
                .isInstanceOf(IllegalStateException.class);
    }
}
