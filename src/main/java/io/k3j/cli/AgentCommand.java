package io.k3j.cli;

import io.k3j.Version;
import io.k3j.agent.JoinException;
import io.k3j.agent.SimulatedAgent;
import io.k3j.agent.simulated.SimulatedNode;
import io.k3j.api.Validation;
import io.k3j.pki.PkiException;
import io.k3j.pki.Token;
import io.k3j.server.ServerCa;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code k3s agent}: joins a node to a server. The server is first verified against the token's
 * CA hash. With {@code --simulated} the node is a simulated one (no containers run); the real node
 * components are not part of this build.
 */
@Command(name = "agent", description = "Run node agent", mixinStandardHelpOptions = true, sortOptions = false)
public final class AgentCommand implements Callable<Integer> {

    /** System property naming another node password file (tests run several agents on one machine). */
    static final String PASSWORD_FILE_PROPERTY = "k3j.node-password-file";

    @Option(names = {"-c", "--config"}, description = "Load configuration from FILE (env: K3S_CONFIG_FILE)",
            defaultValue = "${env:K3S_CONFIG_FILE}")
    String config;

    @Option(names = {"-t", "--token"}, description = "Token to use for authentication (env: K3S_TOKEN)",
            defaultValue = "${env:K3S_TOKEN}")
    String token;

    @Option(names = "--token-file", description = "Token file to use for authentication (env: K3S_TOKEN_FILE)",
            defaultValue = "${env:K3S_TOKEN_FILE}")
    String tokenFile;

    @Option(names = {"-s", "--server"}, description = "Server to connect to (env: K3S_URL)", defaultValue = "${env:K3S_URL}")
    String server;

    @Option(names = {"-d", "--data-dir"}, description = "Folder to hold state (default: /var/lib/rancher/k3s or ${HOME}/.rancher/k3s if not root)")
    String dataDir;

    @Mixin
    NodeOptions node = new NodeOptions();

    @Option(names = "--simulated", arity = "0..1", description = "(experimental) Run a simulated node: it registers, heartbeats and reports pods bound to it as running, but runs no containers")
    boolean simulated;

    @Option(names = "--debug", arity = "0..1", description = "Turn on debug logs")
    boolean debug;

    @Override
    public Integer call() throws Exception {
        if (server == null || server.isBlank()) {
            throw new CliException("--server (or K3S_URL) is required to run an agent");
        }
        String t = TokenSources.resolve(token, tokenFile, "--token-file");
        if (t == null) {
            throw new CliException("--token, --token-file or K3S_TOKEN is required to join " + server);
        }
        Token parsed = Token.parse(t, "node");
        String ca = fetchCa(parsed);
        if (parsed.caHash() == null) {
            System.err.println("k3s agent: warning: the token does not include a CA hash, so the server's CA was not"
                    + " verified; use the full token from the server's node-token file to enable CA validation");
        } else {
            System.err.println("k3s agent: server " + server + " verified (CA sha256 " + Token.caHash(ca) + ")");
        }
        if (!simulated) {
            throw new CliException("the node agent (kubelet, container runtime, networking) is not part of this build"
                    + " yet; --simulated runs a simulated node");
        }
        SimulatedAgent.Config cfg = toConfig(ca, parsed);
        SimulatedAgent agent;
        try {
            agent = SimulatedAgent.start(cfg, Clock.systemUTC());
        } catch (JoinException e) {
            throw new CliException(e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            stopped.countDown();
        }, "k3j-agent-shutdown"));
        System.err.println("k3s agent: simulated node " + cfg.nodeName() + " joined " + server);
        stopped.await();
        return 0;
    }

    /** The server's CA bundle, verified against the token; retried for two minutes while the server cannot be reached. */
    private String fetchCa(Token parsed) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            try {
                return ServerCa.fetch(server, parsed);
            } catch (PkiException e) {
                if (!(e.getCause() instanceof IOException) || System.nanoTime() > deadline) {
                    throw e;
                }
                System.err.println("k3s agent: waiting for the server: " + e.getMessage());
                Thread.sleep(2000);
            }
        }
    }

    SimulatedAgent.Config toConfig(String caPem, Token parsed) {
        URI uri = URI.create(server.strip().replaceAll("/+$", ""));
        String name = node.nodeName == null || node.nodeName.isBlank() ? hostname()
                : node.nodeName.strip().toLowerCase(Locale.ROOT);
        List<String> problems = Validation.dns1123Subdomain(name);
        if (!problems.isEmpty()) {
            throw new CliException("invalid node name \"" + name + "\": " + String.join(", ", problems)
                    + " (set --node-name)");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (String l : node.nodeLabels) {
            int eq = l.indexOf('=');
            String key = eq < 0 ? l : l.substring(0, eq);
            String value = eq < 0 ? "" : l.substring(eq + 1);
            List<String> bad = new ArrayList<>(Validation.qualifiedName(key));
            if (!bad.isEmpty()) {
                throw new CliException("invalid --node-label " + l + ": " + String.join(", ", bad));
            }
            labels.put(key, value);
        }
        List<SimulatedNode.Taint> taints = new ArrayList<>();
        for (String taint : node.nodeTaints) {
            try {
                taints.add(SimulatedNode.Taint.parse(taint));
            } catch (IllegalArgumentException e) {
                throw new CliException("--node-taint: " + e.getMessage());
            }
        }
        Path data = DataDirs.dataDir(dataDir).toAbsolutePath();
        String ip = node.nodeIps.isEmpty() ? localAddressTowards(uri) : node.nodeIps.getFirst();
        return new SimulatedAgent.Config(uri, caPem, parsed, name, ip, labels, taints, data.resolve("agent"),
                passwordFile(data), Version.current().gitVersion());
    }

    /** K3s's node password file: /etc/rancher/node/password as root, else under the agent's data dir. */
    static Path passwordFile(Path dataDir) {
        String override = System.getProperty(PASSWORD_FILE_PROPERTY);
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        return DataDirs.isRoot() ? Path.of("/etc/rancher/node/password")
                : dataDir.resolve("agent").resolve("etc").resolve("rancher").resolve("node").resolve("password");
    }

    /** The host name, lower-cased, as K3s names a node by default. */
    static String hostname() {
        String env = System.getenv("HOSTNAME");
        try {
            String h = env != null && !env.isBlank() ? env : InetAddress.getLocalHost().getHostName();
            return h.toLowerCase(Locale.ROOT);
        } catch (IOException e) {
            throw new CliException("cannot determine the host name (" + e.getMessage() + "); set --node-name");
        }
    }

    /** The local address this machine reaches the server from (no packet is sent); 127.0.0.1 when unknown. */
    static String localAddressTowards(URI server) {
        try (DatagramSocket s = new DatagramSocket()) {
            s.connect(new InetSocketAddress(server.getHost(), server.getPort() < 0 ? 6443 : server.getPort()));
            InetAddress local = s.getLocalAddress();
            return local == null || local.isAnyLocalAddress() ? "127.0.0.1" : local.getHostAddress();
        } catch (IOException | IllegalArgumentException | SecurityException e) {
            return "127.0.0.1";
        }
    }
}
