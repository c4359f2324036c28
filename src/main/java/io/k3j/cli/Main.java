package io.k3j.cli;

import io.k3j.pki.PkiException;
import io.k3j.storage.StorageException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * Entry point of the {@code k3s} multi-call binary. The launcher passes {@code kubectl} as the
 * first argument when invoked through a {@code kubectl} link.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] argv) {
        System.exit(run(Arrays.asList(argv), System.getenv()));
    }

    static int run(List<String> args, Map<String, String> env) {
        try {
            if (!args.isEmpty() && args.getFirst().equals("kubectl")) {
                return KubectlCommand.run(args.subList(1, args.size()), env);
            }
            CommandLine cli = commandLine();
            List<String> expanded = args;
            if (!args.isEmpty() && (args.getFirst().equals("server") || args.getFirst().equals("agent"))
                    && !args.contains("--help") && !args.contains("-h")) {
                CommandLine sub = cli.getSubcommands().get(args.getFirst());
                expanded = ConfigArgs.expand(args, sub.getCommandSpec(), env,
                        w -> System.err.println("k3s: warning: " + w));
            }
            return cli.execute(expanded.toArray(String[]::new));
        } catch (CliException | PkiException | StorageException e) {
            System.err.println("k3s: error: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            System.err.println("k3s: error: " + e);
            return 1;
        }
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new K3sCommand());
        cli.setOverwrittenOptionsAllowed(true);
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            Throwable cause = ex;
            if (cause instanceof CliException || cause instanceof PkiException || cause instanceof StorageException
                    || cause instanceof IllegalStateException || cause instanceof IllegalArgumentException) {
                cmd.getErr().println("k3s: error: " + cause.getMessage());
                return 1;
            }
            throw ex;
        });
        return cli;
    }
}
