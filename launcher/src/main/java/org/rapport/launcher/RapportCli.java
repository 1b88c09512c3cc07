package org.rapport.launcher;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;
import java.util.function.Supplier;
import org.rapport.launcher.ingest.GatewayCommand;
import org.rapport.launcher.ingest.ImportCommand;
import org.rapport.launcher.ingest.SimulateCommand;
import org.rapport.launcher.bench.BenchCommand;
import org.rapport.launcher.local.LocalCommand;
import org.rapport.launcher.serve.ServeCommand;
import org.rapport.launcher.local.LocalRun;
import org.rapport.launcher.streams.StreamsCommand;
import org.rapport.launcher.topics.TopicsCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code rapport} command line. */
@Command(name = "rapport", mixinStandardHelpOptions = true, version = "rapport 0.1.0",
        description = {"Rapport: event-driven outcome analytics for addiction-treatment programs.", "",
            "Every setting also comes from a RAPPORT_<KEY> environment variable or a --config properties file;",
            "run a command with --help for its options."},
        subcommands = {LocalCommand.class, ServeCommand.class, StreamsCommand.class, GatewayCommand.class,
            ImportCommand.class, SimulateCommand.class, TopicsCommand.class, BenchCommand.class,
            CommandLine.HelpCommand.class})
public final class RapportCli implements Runnable {

    private final Map<String, String> env;
    private final PrintStream out;
    private final Supplier<LocalRun> localRun;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public RapportCli(Map<String, String> env, PrintStream out, Supplier<LocalRun> localRun) {
        this.env = env;
        this.out = out;
        this.localRun = localRun;
    }

    public static void main(String[] args) {
        int status = commandLine(System.getenv(), System.out, LocalRun::untilShutdown).execute(args);
        // Exiting from inside a shutdown (Ctrl-C) would block forever; the JVM is ending anyway.
        if (!LocalRun.shutdownInProgress()) {
            System.exit(status);
        }
    }

    /** A ready-to-execute command line; tests pass their own environment, output and stop signal. */
    public static CommandLine commandLine(Map<String, String> env, PrintStream out, Supplier<LocalRun> localRun) {
        CommandLine cli = new CommandLine(new RapportCli(env, out, localRun));
        cli.setOut(new PrintWriter(out, true));
        cli.setExecutionExceptionHandler((e, command, parseResult) -> {
            command.getErr().println("rapport: " + e.getMessage());
            return 1;
        });
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(out);
    }

    public Map<String, String> env() {
        return env;
    }

    public PrintStream out() {
        return out;
    }

    public LocalRun newLocalRun() {
        return localRun.get();
    }
}
