package io.ringlb.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringlb.balancer.admin.AdminSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ringlb start}'s admin options: where the token comes from, and the usage errors, none of which shows it. */
class AdminOptionsTest {

    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private static final UnaryOperator<String> NO_ENV = name -> null;

    @TempDir
    Path dir;

    private static StartCommand parse(String... args) {
        return ProvisionerOptionsTest.parse(args);
    }

    private static AdminSettings settings(UnaryOperator<String> env, String... args) {
        return parse(args).admin.settings(env);
    }

    @Test
    void theTokenComesFromTheOptionTheFileOrTheEnvironment() throws Exception {
        assertThat(settings(NO_ENV).token()).as("none by default").isEmpty();
        assertThat(settings(NO_ENV, "--admin-token", TOKEN).token()).isPresent();
        Path file = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        assertThat(settings(NO_ENV, "--admin-token-file", file.toString()).token()).isPresent();
        assertThat(settings(Map.of(AdminOptions.TOKEN_ENV, TOKEN)::get).token()).isPresent();
    }

    @Test
    void anEmptyUnreadableOrDoubleTokenIsAUsageErrorThatNeverShowsIt() throws Exception {
        assertThatThrownBy(() -> settings(NO_ENV, "--admin-token", ""))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageStartingWith("--admin-token: the admin token is empty");
        assertThatThrownBy(() -> settings(Map.of(AdminOptions.TOKEN_ENV, "")::get))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageStartingWith("$RINGLB_ADMIN_TOKEN: the admin token is empty");
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertThatThrownBy(() -> settings(NO_ENV, "--admin-token-file", empty.toString()))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("the admin token is empty");
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> settings(NO_ENV, "--admin-token-file", missing.toString()))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageStartingWith("--admin-token-file " + missing + ": cannot read it");
        Path file = Files.writeString(dir.resolve("token"), TOKEN);
        assertThatThrownBy(() -> settings(NO_ENV, "--admin-token", TOKEN, "--admin-token-file", file.toString()))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("not both").message().doesNotContain(TOKEN);
        assertThatThrownBy(() -> settings(NO_ENV, "--admin-token", TOKEN + " x"))
                .isInstanceOf(CommandLine.ParameterException.class).message().contains("RFC 6750").doesNotContain(TOKEN);
    }

    @Test
    void backendNetworksRestrictStaticBackendsFromTheStart() {
        StartCommand ok = parse("--provisioner", "static", "--backends", "b1=127.0.0.1:9001", "--backend-networks", "127.0.0.0/8");
        assertThat(ok.config().admin().backendNetworks()).hasToString("127.0.0.0/8");
        assertThatThrownBy(() -> parse("--provisioner", "static", "--backends", "b1=127.0.0.1:9001,b2=10.9.9.9:80",
                "--backend-networks", "127.0.0.0/8").config())
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage("--backends b2 at 10.9.9.9 is outside --backend-networks 127.0.0.0/8");
        assertThatThrownBy(() -> parse("--provisioner", "static", "--backends", "b1=127.0.0.1:9001", "--backend-networks", "nope").config())
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageStartingWith("--backend-networks: 'nope' is not a CIDR block");
        assertThatThrownBy(() -> parse("--backend-networks", "10.0.0.0/8").config())
                .isInstanceOf(CommandLine.ParameterException.class).hasMessage("--backend-networks applies to --provisioner static");
        assertThatThrownBy(() -> parse("--admin-trust-docker-host").config())
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageStartingWith("--admin-trust-docker-host needs --provisioner docker");
    }

    @Test
    void helpNamesEveryAdminOption() {
        String help = Main.commandLine().getSubcommands().get("start").getUsageMessage();
        assertThat(help).contains("--admin-token", "--admin-token-file", "--backend-networks", "--admin-trust-docker-host", "--home-id",
                "RINGLB_ADMIN_TOKEN");
    }
}
