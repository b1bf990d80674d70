package io.ringlb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line {@code main} builds: only the subcommand named, every one otherwise. */
class MainTest {

    private static final String[] ALL = {"start", "replica", "analyze", "load", "help"};

    @Test
    void aNamedSubcommandIsTheOnlyOneModelled() {
        assertThat(Main.commandLine(new String[] {"start", "--port", "0"}).getSubcommands()).containsOnlyKeys("start");
        assertThat(Main.commandLine(new String[] {"replica"}).getSubcommands()).containsOnlyKeys("replica");
    }

    @Test
    void helpOptionsAndUnknownWordsGetEverySubcommand() {
        for (String[] args : new String[][] {{}, {"help"}, {"help", "start"}, {"-h"}, {"--version"}, {"stat"}}) {
            assertThat(Main.commandLine(args).getSubcommands()).as(String.join(" ", args)).containsOnlyKeys(ALL);
        }
    }

    @Test
    void eachSubcommandRunsAsWithTheFullCommandLine() {
        assertThat(run("replica", "--help")).isZero();
        assertThat(run("replica", "--port", "none")).isEqualTo(2);
        assertThat(run("start", "--port", "70000")).isEqualTo(2);
        assertThat(run("start", "--help")).isZero();
        assertThat(run("stat")).isEqualTo(2);
    }

    @Test
    void startsUsageIsTheSameEitherWay() {
        assertThat(Main.commandLine(new String[] {"start"}).getSubcommands().get("start").getUsageMessage())
                .isEqualTo(Main.commandLine().getSubcommands().get("start").getUsageMessage());
    }

    private static int run(String... args) {
        CommandLine cl = Main.commandLine(args);
        StringWriter sink = new StringWriter();
        cl.setOut(new PrintWriter(sink));
        cl.setErr(new PrintWriter(sink));
        return cl.execute(args);
    }
}
