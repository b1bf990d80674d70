package io.ringlb.balancer.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringlb.balancer.cluster.AdminException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Who may change the cluster: every decision {@link AdminAccess} makes. */
class AdminAccessTest {

    private static final String TOKEN = "s3cr3t-Token_0123456789";
    private static final AdminAccess NO_TOKEN = new AdminAccess(AdminSettings.loopbackOnly());
    private static final AdminAccess WITH_TOKEN = new AdminAccess(
            new AdminSettings(Optional.of(AdminToken.of(TOKEN)), BackendNetworks.any(), Set.of()));

    private static SocketAddress peer(String ip) throws UnknownHostException {
        return new InetSocketAddress(InetAddress.getByName(ip), 40000);
    }

    private static AdminException refusal(Runnable check) {
        try {
            check.run();
        } catch (AdminException e) {
            return e;
        }
        throw new AssertionError("not refused");
    }

    @Test
    void withoutATokenLoopbackClientsMayChangeAndOthersGet403SayingHowToAllowThem() throws Exception {
        for (String local : List.of("127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1")) {
            AdminAccess.Caller c = NO_TOKEN.identify(peer(local), List.of());
            assertThat(c.local()).as(local).isTrue();
            assertThatCode(() -> NO_TOKEN.checkChange(c, "POST /add")).doesNotThrowAnyException();
        }
        for (String remote : List.of("10.1.2.3", "192.168.0.7", "::ffff:10.1.2.3", "2001:db8::1", "0.0.0.0")) {
            AdminAccess.Caller c = NO_TOKEN.identify(peer(remote), List.of());
            AdminException e = refusal(() -> NO_TOKEN.checkChange(c, "DELETE /rm"));
            assertThat(e.status()).isEqualTo(403);
            assertThat(e.challenge()).isNull();
            assertThat(e.getMessage()).startsWith("<Error> DELETE /rm is refused from ")
                    .contains("--admin-token").contains("Authorization: Bearer");
        }
    }

    @Test
    void aTokenThatIsNotConfiguredOpensNothing() throws Exception {
        AdminAccess.Caller c = NO_TOKEN.identify(peer("10.1.2.3"), List.of("Bearer " + TOKEN));
        assertThat(refusal(() -> NO_TOKEN.checkChange(c, "POST /add")).status()).isEqualTo(403);
    }

    @Test
    void withATokenEveryClientNeedsItLoopbackIncluded() throws Exception {
        for (String ip : List.of("127.0.0.1", "10.1.2.3")) {
            SocketAddress p = peer(ip);
            AdminException none = refusal(() -> WITH_TOKEN.checkChange(WITH_TOKEN.identify(p, List.of()), "POST /add"));
            assertThat(none.status()).isEqualTo(401);
            assertThat(none.challenge()).isEqualTo("Bearer realm=\"ringlb\"");
            assertThat(none.getMessage()).isEqualTo("<Error> POST /add needs the admin token: send 'Authorization: Bearer <token>'");
            assertThatCode(() -> WITH_TOKEN.checkChange(WITH_TOKEN.identify(p, List.of("Bearer " + TOKEN)), "POST /add"))
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void onlyTheExactTokenInOneBearerFieldCounts() throws Exception {
        SocketAddress p = peer("127.0.0.1");
        for (String ok : List.of("Bearer " + TOKEN, "bearer " + TOKEN, "BEARER   " + TOKEN, " Bearer " + TOKEN + " ")) {
            assertThat(WITH_TOKEN.identify(p, List.of(ok)).credential()).as(ok).isEqualTo(AdminAccess.Credential.VALID);
        }
        for (String bad : List.of("Bearer " + TOKEN + "x", "Bearer " + TOKEN.substring(1), "Bearer", "Bearer ", TOKEN,
                "Basic " + TOKEN, "Bearer " + TOKEN.toUpperCase(), "Bearer" + TOKEN)) {
            AdminAccess.Caller c = WITH_TOKEN.identify(p, List.of(bad));
            assertThat(c.credential()).as(bad).isEqualTo(AdminAccess.Credential.INVALID);
            AdminException e = refusal(() -> WITH_TOKEN.checkChange(c, "POST /add"));
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.challenge()).isEqualTo("Bearer realm=\"ringlb\", error=\"invalid_token\"");
            assertThat(e.getMessage()).doesNotContain(TOKEN);
        }
        AdminAccess.Caller twice = WITH_TOKEN.identify(p, List.of("Bearer " + TOKEN, "Bearer " + TOKEN));
        assertThat(twice.credential()).as("two Authorization fields").isEqualTo(AdminAccess.Credential.INVALID);
    }

    @Test
    void theDockerHostCountsAsLocalOnlyWhenConfigured() throws Exception {
        InetAddress gateway = InetAddress.getByName("172.18.0.1");
        AdminAccess trusting = new AdminAccess(AdminSettings.loopbackOnly().withLocalPeers(Set.of(gateway)));
        assertThat(trusting.identify(peer("172.18.0.1"), List.of()).local()).isTrue();
        assertThat(trusting.identify(peer("172.18.0.2"), List.of()).local()).as("another container").isFalse();
        assertThat(NO_TOKEN.identify(peer("172.18.0.1"), List.of()).local()).isFalse();
    }

    @Test
    void anAddressThatIsNotAnInternetOneIsNotLocal() {
        AdminAccess.Caller c = NO_TOKEN.identify(new SocketAddress() { }, List.of());
        assertThat(c.local()).isFalse();
        assertThat(refusal(() -> NO_TOKEN.checkChange(c, "POST /add")).status()).isEqualTo(403);
    }

    @Test
    void staticBackendsComeOnlyFromLocalClientsOrWithTheTokenAndInsideTheNetworks() throws Exception {
        AdminAccess restricted = new AdminAccess(new AdminSettings(Optional.of(AdminToken.of(TOKEN)),
                BackendNetworks.parse(List.of("10.0.0.0/8", "127.0.0.1/32")), Set.of()));
        AdminAccess.Caller remoteWithToken = restricted.identify(peer("192.168.1.1"), List.of("Bearer " + TOKEN));
        InetSocketAddress inside = new InetSocketAddress(InetAddress.getByName("10.20.30.40"), 80);
        InetSocketAddress outside = new InetSocketAddress(InetAddress.getByName("169.254.169.254"), 80);
        assertThatCode(() -> restricted.checkBackends(remoteWithToken, List.of(inside))).doesNotThrowAnyException();
        AdminException e = refusal(() -> restricted.checkBackends(remoteWithToken, List.of(inside, outside)));
        assertThat(e.status()).isEqualTo(403);
        assertThat(e.getMessage()).isEqualTo("<Error> Address '169.254.169.254:80' (169.254.169.254) is outside the networks "
                + "static backends may be in: --backend-networks 10.0.0.0/8,127.0.0.1/32");

        AdminAccess.Caller remoteWithoutToken = NO_TOKEN.identify(peer("192.168.1.1"), List.of());
        assertThat(refusal(() -> NO_TOKEN.checkMayNameBackends(remoteWithoutToken)).getMessage())
                .contains("'addresses' are accepted only from the balancer's own machine (loopback) or with the admin token");
        AdminAccess.Caller loopback = NO_TOKEN.identify(peer("127.0.0.1"), List.of());
        assertThatCode(() -> NO_TOKEN.checkBackends(loopback, List.of(outside))).as("no --backend-networks: any").doesNotThrowAnyException();
        assertThatThrownBy(() -> NO_TOKEN.checkBackends(loopback, List.of(InetSocketAddress.createUnresolved("h", 80))))
                .isInstanceOf(AdminException.class);
    }

    @Test
    void describesWhatProtectsTheEndpointsWithoutTheToken() {
        assertThat(WITH_TOKEN.describe()).contains("admin token").doesNotContain(TOKEN);
        assertThat(NO_TOKEN.describe()).contains("loopback");
        assertThat(AdminToken.of(TOKEN).toString()).doesNotContain(TOKEN);
        assertThat(WITH_TOKEN.settings().toString()).doesNotContain(TOKEN);
    }
}
