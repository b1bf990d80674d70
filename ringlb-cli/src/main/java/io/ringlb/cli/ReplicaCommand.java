package io.ringlb.cli;

import io.ringlb.replica.ReplicaMain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code ringlb replica}: runs one replica server in the foreground. Its options are read by
 * {@link ReplicaMain}, the same code the standalone {@code ringlb-replica.jar} runs, so this command
 * hands every argument on as it is ({@link Main#commandLine} makes picocli take options as
 * parameters here).
 */
@Command(name = "replica",
        description = {"Run one replica: GET /home answers with its name, GET /heartbeat with 200, anything else 404.",
                "`ringlb replica --help` lists its options."})
final class ReplicaCommand implements Callable<Integer> {

    @Parameters(paramLabel = "OPTIONS", description = "--name, --id, --port, --bind, --threads, --exit-with-parent, --help")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        return ReplicaMain.run(args.toArray(String[]::new), System.out, System.err);
    }
}
