package io.k3j.cli;

import io.k3j.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** The top-level {@code k3s} command; its subcommands are K3s's. */
@Command(name = "k3s", description = "Kubernetes, but small and simple (k3j: K3s in Java)",
        mixinStandardHelpOptions = true, versionProvider = K3sCommand.VersionProvider.class,
        subcommands = {ServerCommand.class, AgentCommand.class, KubectlCommand.class, TokenCommand.class,
                CheckConfigCommand.class, AotTrainCommand.class})
public final class K3sCommand implements Runnable {

    @Override
    public void run() {
        throw new CliException("missing subcommand (server, agent, kubectl, token, check-config); see k3s --help");
    }

    /** Prints K3s's two-line version. */
    public static final class VersionProvider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            Version v = Version.current();
            return new String[]{
                "k3s version " + v.gitVersion() + " (k3j " + v.k3j() + ")",
                "java version " + Runtime.version()};
        }
    }
}
