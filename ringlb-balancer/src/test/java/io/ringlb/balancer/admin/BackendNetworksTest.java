package io.ringlb.balancer.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CIDR blocks: parsing and matching, IPv4 and IPv6, at and around each boundary. */
class BackendNetworksTest {

    private static boolean permits(String cidrs, String ip) throws Exception {
        return BackendNetworks.parse(List.of(cidrs.split(","))).permits(InetAddress.getByName(ip));
    }

    @Test
    void matchesAddressesInsideEachBlockOnly() throws Exception {
        assertThat(permits("10.0.0.0/8", "10.255.255.255")).isTrue();
        assertThat(permits("10.0.0.0/8", "11.0.0.0")).isFalse();
        assertThat(permits("192.168.4.0/22", "192.168.7.255")).isTrue();
        assertThat(permits("192.168.4.0/22", "192.168.8.0")).isFalse();
        assertThat(permits("192.168.4.0/22", "192.168.3.255")).isFalse();
        assertThat(permits("172.16.0.0/12", "172.31.0.1")).isTrue();
        assertThat(permits("172.16.0.0/12", "172.32.0.1")).isFalse();
        assertThat(permits("127.0.0.1", "127.0.0.1")).as("an address alone is one host").isTrue();
        assertThat(permits("127.0.0.1", "127.0.0.2")).isFalse();
        assertThat(permits("0.0.0.0/0", "203.0.113.9")).isTrue();
        assertThat(permits("10.0.0.0/8,127.0.0.0/8", "127.1.1.1")).isTrue();
        assertThat(permits("10.0.0.1/8", "10.9.9.9")).as("host bits in the block are ignored").isTrue();
    }

    @Test
    void ipv6BlocksMatchIpv6AndMappedAddressesCountAsIpv4() throws Exception {
        assertThat(permits("fd00::/8", "fd12:3456::1")).isTrue();
        assertThat(permits("fd00::/8", "fe80::1")).isFalse();
        assertThat(permits("2001:db8::/33", "2001:db8:7fff::1")).isTrue();
        assertThat(permits("2001:db8::/33", "2001:db8:8000::1")).isFalse();
        assertThat(permits("10.0.0.0/8", "::ffff:10.1.2.3")).isTrue();
        assertThat(permits("10.0.0.0/8", "fd00::1")).isFalse();
        assertThat(permits("fd00::/8", "10.1.2.3")).isFalse();
    }

    @Test
    void emptyMeansAny() throws Exception {
        assertThat(BackendNetworks.any().permits(InetAddress.getByName("203.0.113.9"))).isTrue();
        assertThat(BackendNetworks.any()).hasToString("any");
        assertThat(BackendNetworks.parse(List.of("10.0.0.0/8", " fd00::/8 "))).hasToString("10.0.0.0/8,fd00::/8");
    }

    @Test
    void refusesWhatIsNotACidrBlockWithoutLookingNamesUp() {
        for (String bad : List.of("example.com/24", "10.0.0.0/33", "fd00::/129", "10.0.0/8", "256.1.1.1/8", "10.0.0.0/-1",
                "10.0.0.0/x", "", "/8")) {
            assertThatThrownBy(() -> BackendNetworks.parse(List.of(bad))).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + bad + "'");
        }
    }
}
