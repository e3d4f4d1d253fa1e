package io.queuemgr.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

import io.queuemgr.cli.monitor.MonitorCommand;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The queuemgr command-line client: a plain picocli program that talks to the service over HTTP. */
@Command(name = "queuemgr", mixinStandardHelpOptions = true, version = "queuemgr CLI 0.1.0", description = "Drive a queuemgr service: tasks, queues, dead letters, schedules, and a live monitor.", subcommands = {
        ServiceCommand.class, JobCommand.class, QueueCommand.class, DeadCommand.class,
        ScheduleCommand.class, MonitorCommand.class, CompletionCommand.class})
public final class QueuemgrCli implements Runnable {

    @Option(names = "--server", scope = ScopeType.INHERIT, paramLabel = "URL", description = "The service's URL (else QUEUEMGR_URL, url= in the config file, http://localhost:8080).")
    String server;

    @Option(names = "--token", scope = ScopeType.INHERIT, paramLabel = "TOKEN", description = "The API token (else QUEUEMGR_TOKEN, QUEUEMGR_TOKEN_FILE, token= or token-file=).")
    String token;

    @Option(names = {"-o",
            "--output"}, scope = ScopeType.INHERIT, paramLabel = "table|json", description = "table for people (default), json prints the service's JSON unchanged.")
    OutputFormat output = OutputFormat.table;

    private final Map<String, String> env;
    private final Path home;
    private final PrintWriter out;
    private final PrintWriter err;
    private ApiClient api;

    private QueuemgrCli(Map<String, String> env, Path home, PrintWriter out, PrintWriter err) {
        this.env = env;
        this.home = home;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        int code = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.getenv(),
                Path.of(System.getProperty("user.home")));
        System.exit(code);
    }

    /** Runs one command line and answers its exit code: 0, 1 for a failure, 2 for a usage error. */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env, Path home) {
        CommandLine line = commandLine(new QueuemgrCli(env, home, out, err));
        line.setOut(out);
        line.setErr(err);
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            err.println("queuemgr: " + (e instanceof CliException ? e.getMessage() : "unexpected error: " + e));
            err.flush();
            return e instanceof CliException cli ? cli.exitCode() : 1;
        });
        int code = line.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** The command tree (also what shell completion is generated from). */
    public static CommandLine commandLine(QueuemgrCli root) {
        return new CommandLine(root).setCaseInsensitiveEnumValuesAllowed(true);
    }

    /** The tree for a program that only inspects it (completion scripts, documentation). */
    public static CommandLine commandLine() {
        return commandLine(new QueuemgrCli(Map.of(), Path.of("."), new PrintWriter(System.out, true),
                new PrintWriter(System.err, true)));
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "a command is missing; see queuemgr --help");
    }

    ApiClient api() {
        if (api == null) {
            api = new ApiClient(CliSettings.resolve(server, token, env, home));
        }
        return api;
    }

    OutputFormat output() {
        return output;
    }

    PrintWriter out() {
        return out;
    }

    PrintWriter err() {
        return err;
    }
}
