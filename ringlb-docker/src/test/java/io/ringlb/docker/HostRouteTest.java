package io.ringlb.docker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Whether an address is one of this host's: what decides between network and published reach on the host. */
class HostRouteTest {

    @Test
    void loopbackIsLocal() {
        assertThat(HostRoute.isLocal("127.0.0.1")).isTrue();
    }

    @Test
    void aDocumentationAddressIsNot() {
        assertThat(HostRoute.isLocal("198.51.100.254")).as("TEST-NET-2, RFC 5737").isFalse();
    }

    @Test
    void aNameIsNeverLookedUp() {
        assertThat(HostRoute.isLocal("localhost")).isFalse();
        assertThat(HostRoute.isLocal("not an address")).isFalse();
    }
}
