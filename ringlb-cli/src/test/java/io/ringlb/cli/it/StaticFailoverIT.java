package io.ringlb.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Static backends: one that stops answering costs no failed request (connection refused is
 * retried on the next backend), leaves the ring after its heartbeats fail, and comes back when it
 * answers again. ringlb cannot restart it, so nothing is started in its place.
 */
class StaticFailoverIT {

    @Test
    void aDeadBackendLeavesAndReturns() throws Exception {
        Http http = new Http();
        TestBackend b1 = TestBackend.start("b1");
        try (TestBackend b2 = TestBackend.start("b2");
             RinglbProcess lb = RinglbProcess.start("--provisioner", "static", "--backends", b1.spec() + "," + b2.spec(),
                     "--heartbeat-interval", "100ms", "--heartbeat-fails", "2")) {
            int port = b1.port();
            b1.close();
            for (int i = 0; i < 200; i++) {
                Http.Response r = http.get(lb.url("/home"));
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                assertThat(r.servedBy()).isEqualTo("b2");
                assertThat(http.post(lb.url("/echo"), "x").status()).as("connection refused: retried even for POST").isEqualTo(200);
            }
            awaitRep(http, lb, "\"replicas\":[\"b2\"],\"unhealthy\":[\"b1\"]");
            try (TestBackend back = TestBackend.start("b1", port)) {
                awaitRep(http, lb, "\"N\":2,\"replicas\":[\"b1\",\"b2\"]}");
                boolean b1Serves = false;
                for (int i = 0; i < 50 && !b1Serves; i++) {
                    b1Serves = http.get(lb.url("/home")).servedBy().equals("b1");
                }
                assertThat(b1Serves).isTrue();
            }
        }
    }

    @Test
    void aBackendThatComesUpLateJoinsTheRing() throws Exception {
        Http http = new Http();
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort(); // free again once closed: nothing listens there yet
        }
        try (TestBackend b2 = TestBackend.start("b2");
             RinglbProcess lb = RinglbProcess.startListening("--provisioner", "static", "--backends", "late=127.0.0.1:" + port + "," + b2.spec(),
                     "--heartbeat-interval", "1s", "--heartbeat-fails", "3")) {
            awaitRep(http, lb, "\"replicas\":[\"b2\"],\"unhealthy\":[\"late\"]");
            try (TestBackend late = TestBackend.start("late", port)) {
                awaitRep(http, lb, "\"N\":2,\"replicas\":[\"late\",\"b2\"]}");
            }
        }
    }

    private static void awaitRep(Http http, RinglbProcess lb, String fragment) throws InterruptedException {
        String body = "";
        for (int i = 0; i < 100; i++) {
            body = http.get(lb.url("/rep")).body();
            if (body.contains(fragment)) {
                return;
            }
            Thread.sleep(50);
        }
        assertThat(body).contains(fragment);
    }
}
