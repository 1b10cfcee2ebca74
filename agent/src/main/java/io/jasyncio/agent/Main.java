package io.jasyncio.agent;

import io.jasyncio.agent.explain.ExplainCommand;
import io.jasyncio.agent.internal.AheadOfTime;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The agent jar's command line: {@code java -jar jasyncio-agent.jar instrument IN OUT} rewrites
 * classes ahead of time; {@code java -jar jasyncio-agent.jar explain TARGET} shows the state
 * machine each coroutine becomes.
 */
public final class Main {
    private Main() {}

    /**
     * Runs a command.
     *
     * @param args the command and its arguments
     * @throws IOException if reading or writing classes fails
     */
    public static void main(String[] args) throws IOException {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
        if (args.length >= 1 && args[0].equals("explain")) {
            return ExplainCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length), out, err);
        }
        if (args.length >= 3 && args[0].equals("instrument")) {
            String classpath = args.length >= 5 && args[3].equals("--classpath") ? args[4] : "";
            AheadOfTime.Report r = AheadOfTime.instrument(Path.of(args[1]), Path.of(args[2]), classpath);
            out.println("instrumented " + r.rewritten() + " of " + r.classes() + " classes into " + args[2]);
            for (String e : r.errors()) {
                err.println("error: " + e);
            }
            return r.errors().isEmpty() ? 0 : 1;
        }
        if (args.length == 2 && (args[0].equals("ps") || args[0].equals("pstree"))) {
            return io.jasyncio.agent.inspect.Inspect.run(args[0], args[1], out, err);
        }
        err.println("usage: java -jar jasyncio-agent.jar instrument IN OUT [--classpath CP]");
        err.println("       java -jar jasyncio-agent.jar ps|pstree PID");
        err.println("  IN and OUT are classes folders or jars; CP lists the jars and folders IN depends on");
        err.println(ExplainCommand.USAGE.replaceFirst("^usage: ", "   or: "));
        return 2;
    }
}
