package io.k3j.cli;

import io.k3j.pki.Token;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code k3s token}: token management; {@code generate} prints a new bootstrap token. */
@Command(name = "token", description = "Manage tokens", mixinStandardHelpOptions = true,
        subcommands = TokenCommand.Generate.class)
public final class TokenCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new CliException("missing subcommand: k3s token generate");
    }

    /** {@code k3s token generate}. */
    @Command(name = "generate", description = "Generate and print a bootstrap token, but do not actually create it on the server",
            mixinStandardHelpOptions = true)
    public static final class Generate implements Callable<Integer> {
        @Override
        public Integer call() {
            System.out.println(Token.generateBootstrap());
            return 0;
        }
    }
}
