package dev.nnc.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code nnc} entry point. To add a command, write one class (a picocli {@code @Command} implementing
 * {@code Callable<Integer>} that returns an {@link ExitCodes} value, reading its model through a
 * {@code @Mixin ModelOptions}) and list it in {@link #COMMANDS} below.
 *
 * <p>Errors: picocli's parse errors and a command's own {@link ParameterException}s are usage errors (exit 2,
 * one line and a pointer to {@code --help}); anything else that escapes a command is a bug in nnc: one line,
 * the stack trace only with {@code --verbose} or {@code NNC_DEBUG=1}, exit 70.
 */
@Command(name = "nnc", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "A neural-network model compiler and trainer. Models are written in .nn files.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:compiled, check passed, trained", "1:the input has errors, or a check failed",
                "2:usage error (unknown flag, missing argument, bad value)", "70:internal error in nnc",
                "130:train stopped by Ctrl-C (it says how to resume)"},
        footer = {"", "Run 'nnc COMMAND --help' for a command's options. See docs/cli.md."})
public final class Main implements Callable<Integer> {

    /**
     * The commands by name, in help order. Only the one named first on the command line is built: picocli
     * reads each command's annotations by reflection, and building all six cost ~100 ms of `nnc compile`'s
     * start-up. Anything else (no command, an option first, a misspelt command) gets all of them, so help,
     * "missing command" and did-you-mean suggestions see the full list.
     */
    private static final Map<String, Supplier<Object>> COMMANDS = commands();

    private static Map<String, Supplier<Object>> commands() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("compile", CompileCommand::new);
        m.put("gradcheck", GradcheckCommand::new);
        m.put("train", TrainCommand::new);
        m.put("sweep", SweepCommand::new);
        m.put("eval", EvalCommand::new);
        m.put("predict", PredictCommand::new);
        m.put("export", ExportCommand::new);
        m.put("import", ImportCommand::new);
        m.put("bench", BenchCommand::new);
        m.put("fmt", FmtCommand::new);
        m.put("lsp", LspCommand::new);
        return Collections.unmodifiableMap(m);
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print the stack trace of an internal error (also: environment NNC_DEBUG=1); with bench, "
                    + "also the time per operator.")
    boolean verbose;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        boolean debug = debug(System.getenv());
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> reportInternal(e, debug, err));
        System.exit(run(args, out, err, System.getenv()));
    }

    /** Runs {@code nnc args} in-process, writing to the given streams; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
        boolean debug = debug(env);
        try {
            CommandLine cl = commandLine(out, err, debug, args.length > 0 ? args[0] : "");
            if (cl.getSubcommands().get("sweep") != null) { // spark-submit is found through the environment
                ((SweepCommand) cl.getSubcommands().get("sweep").getCommand()).env = env;
            }
            return cl.execute(args);
        } catch (Throwable e) { // Errors (StackOverflowError, OutOfMemoryError) that picocli lets through
            reportInternal(e, debug, err);
            return ExitCodes.INTERNAL;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The command line with every command (help, tests). */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, boolean debug) {
        return commandLine(out, err, debug, "");
    }

    /** The command line with only command {@code first} when that names one, else with every command. */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, boolean debug, String first) {
        CommandLine cl = new CommandLine(new Main());
        if (COMMANDS.containsKey(first)) {
            cl.addSubcommand(first, COMMANDS.get(first).get());
        } else {
            COMMANDS.forEach((name, make) -> cl.addSubcommand(name, make.get()));
        }
        cl.addSubcommand("help", new CommandLine.HelpCommand()); // nnc help CMD, as git help CMD
        // every command answers --version (mixinStandardHelpOptions gives each the option, not the text)
        cl.getSubcommands().values().forEach(sub -> {
            sub.getCommandSpec().versionProvider(new VersionProvider());
            // picocli applies a @Command's modelTransformer only to subcommands known when the root is built
            if (sub.getCommandSpec().modelTransformer() != null) {
                sub.getCommandSpec().modelTransformer().transform(sub.getCommandSpec());
            }
        });
        cl.setOut(out);
        cl.setErr(err);
        LowerCaseEnums.register(cl, EmitFormat.class);
        LowerCaseEnums.register(cl, DiagnosticsFormat.class);
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println("nnc: " + ex.getMessage());
            UnmatchedArgumentException.printSuggestions(ex, cmd.getErr());
            cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
            return ExitCodes.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            reportInternal(ex, debug || verboseGiven(parsed), err);
            return ExitCodes.INTERNAL;
        });
        return cl;
    }

    private static boolean verboseGiven(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    static boolean debug(Map<String, String> env) {
        String v = env.get("NNC_DEBUG");
        return v != null && !v.isEmpty() && !v.equals("0");
    }

    private static void reportInternal(Throwable e, boolean trace, PrintWriter err) {
        err.println("nnc: internal error: " + describe(e));
        if (trace) {
            StringWriter sw = new StringWriter();
            e.printStackTrace(new PrintWriter(sw));
            err.print(sw);
        } else {
            err.println("nnc: this is a bug in nnc; run again with --verbose (or NNC_DEBUG=1) for the stack trace");
        }
        err.flush();
    }

    /** An exception in one line: its message, or its type when it has none. */
    static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + m;
    }
}
