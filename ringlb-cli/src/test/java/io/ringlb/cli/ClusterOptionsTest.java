package io.ringlb.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringlb.analysis.AnalysisOptions;
import io.ringlb.analysis.Experiment;
import io.ringlb.cluster.ClusterSettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ringlb start}'s cluster options and {@code ringlb analyze --target URL1,URL2}: what they configure, and their usage errors. */
class ClusterOptionsTest {

    private static <T> T parse(String command, String... args) {
        CommandLine cl = Main.commandLine();
        String[] all = new String[args.length + 1];
        all[0] = command;
        System.arraycopy(args, 0, all, 1, args.length);
        cl.parseArgs(all);
        return cl.getSubcommands().get(command).getCommand();
    }

    @Test
    void withoutAStoreTheBalancerRunsAlone() {
        StartCommand start = parse("start");
        assertThat(start.clustering.enabled()).isFalse();
        start.config(); // no cluster option given: nothing to complain about
    }

    @Test
    void theStoreAndTheClusterNameBecomeSettings(@TempDir Path dir) throws Exception {
        Path password = Files.writeString(dir.resolve("pw"), "s3cret\n");
        StartCommand start = parse("start", "--port", "5001", "--cluster-store", "etcd://10.0.0.1:2379,10.0.0.2:2379",
                "--cluster", "demo", "--cluster-lease-ttl", "7s", "--cluster-advertise", "10.0.0.9", "--etcd-timeout", "3s",
                "--etcd-user", "ringlb", "--etcd-password-file", password.toString());
        start.config();
        ClusterSettings s = start.clustering.settings(start.provisioning.cluster(), 5001);
        assertThat(s.cluster()).isEqualTo("demo");
        assertThat(s.instance()).endsWith("-5001");
        assertThat(s.leaseTtl()).isEqualTo(Duration.ofSeconds(7));
        assertThat(s.advertiseHost()).isEqualTo("10.0.0.9");
        assertThat(s.etcd().endpoints()).containsExactly(URI.create("http://10.0.0.1:2379"), URI.create("http://10.0.0.2:2379"));
        assertThat(s.etcd().tls()).isFalse();
        assertThat(s.etcd().user()).isEqualTo("ringlb");
        assertThat(s.etcd().password()).isEqualTo("s3cret");
        assertThat(s.etcd().callTimeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void aCaCertificateTurnsTlsOn(@TempDir Path dir) throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        StartCommand start = parse("start", "--cluster-store", "etcd://etcd1:2379", "--etcd-cacert", ca.toString(),
                "--cluster-instance", "lb-a");
        ClusterSettings s = start.clustering.settings("ringlb", 5000);
        assertThat(s.etcd().tls()).isTrue();
        assertThat(s.etcd().endpoints()).containsExactly(URI.create("https://etcd1:2379"));
        assertThat(s.instance()).isEqualTo("lb-a");
    }

    private static StartCommand start(String... args) {
        return parse("start", args);
    }

    @Test
    void badValuesAreUsageErrors() {
        assertThatThrownBy(() -> start("--cluster-store", "http://127.0.0.1:2379").config())
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("must be etcd://HOST:PORT");
        assertThatThrownBy(() -> start("--cluster-store", "etcd://127.0.0.1").config())
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("'127.0.0.1' must be HOST:PORT");
        assertThatThrownBy(() -> start("--cluster-store", "etcd://127.0.0.1:2379", "--cluster-lease-ttl", "1s").config())
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("the lease TTL must be whole seconds, 2-600 s");
        assertThatThrownBy(() -> start("--cluster-store", "etcd://127.0.0.1:2379", "--cluster-instance", "a b").config())
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("instance name 'a b'");
        assertThatThrownBy(() -> start("--cluster-store", "etcd://127.0.0.1:2379", "--etcd-cert", "/nonexistent.pem").config())
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--etcd-cert and --etcd-key go together");
        assertThatThrownBy(() -> start("--cluster-store", "etcd://127.0.0.1:2379", "--provisioner", "static",
                "--backends", "b1=127.0.0.1:9001").config())
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("not static");
        assertThatThrownBy(() -> start("--cluster-instance", "a").config())
                .isInstanceOf(CommandLine.ParameterException.class).hasMessage("cluster and etcd options need --cluster-store");
    }

    @Test
    void severalTargetsMeanTheClusterExperiment() {
        AnalyzeCommand analyze = parse("analyze", "--target", "http://127.0.0.1:5001,http://127.0.0.1:5002");
        AnalysisOptions o = analyze.options();
        assertThat(o.target()).isEqualTo(URI.create("http://127.0.0.1:5001/"));
        assertThat(o.peers()).containsExactly(URI.create("http://127.0.0.1:5002/"));
        assertThat(o.experiments()).containsExactlyInAnyOrder(Experiment.CLUSTER, Experiment.DISRUPTION, Experiment.BALANCE);
        AnalyzeCommand single = parse("analyze", "--target", "http://127.0.0.1:5001");
        assertThat(single.options().experiments()).doesNotContain(Experiment.CLUSTER).contains(Experiment.A1);
        assertThatThrownBy(() -> ((AnalyzeCommand) parse("analyze", "--target", "http://127.0.0.1:5001", "--experiments", "cluster")).options())
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("needs every instance of the cluster");
        assertThatThrownBy(() -> ((AnalyzeCommand) parse("analyze", "--target", "http://a:1,http://b:2", "--experiments", "a1")).options())
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("a1..a4 take one balancer");
        assertThat(List.of(Experiment.parseList("all", true).toArray())).doesNotContain(Experiment.A3);
    }
}
