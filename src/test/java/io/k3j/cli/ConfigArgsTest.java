package io.k3j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConfigArgsTest {

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    private ServerCommand parse(Map<String, String> env, String... args) {
        CommandLine cli = Main.commandLine();
        CommandLine sub = cli.getSubcommands().get("server");
        List<String> expanded = ConfigArgs.expand(List.of(args), sub.getCommandSpec(), env, warnings::add);
        cli.parseArgs(expanded.toArray(String[]::new));
        return sub.getCommand();
    }

    @Test
    void anAgentTakesItsSettingsFromTheConfigFileAndTheEnvironment() throws Exception {
        Path cfg = dir.resolve("agent.yaml");
        Files.writeString(cfg, """
                simulated: true
                node-name: edge-7
                node-label: [zone=north]
                """);
        CommandLine cli = Main.commandLine();
        CommandLine sub = cli.getSubcommands().get("agent");
        List<String> expanded = ConfigArgs.expand(List.of("agent", "--config", cfg.toString(), "--node-label",
                "tier=edge"), sub.getCommandSpec(), Map.of(), warnings::add);
        cli.parseArgs(expanded.toArray(String[]::new));
        AgentCommand a = sub.getCommand();
        assertThat(a.simulated).isTrue();
        assertThat(a.node.nodeName).isEqualTo("edge-7");
        assertThat(a.node.nodeLabels).containsExactly("zone=north", "tier=edge");
        assertThat(warnings).isEmpty();
    }

    @Test
    void mergesFileDropInsAppendsAndLetsTheCommandLineWin() throws Exception {
        Path cfg = dir.resolve("config.yaml");
        Files.writeString(cfg, """
                write-kubeconfig-mode: "0644"
                https-listen-port: 7443
                tls-san:
                  - a.example.com
                node-label: [from=file]
                disable-agent: true
                no-such-flag: 1
                """);
        Files.createDirectories(dir.resolve("config.yaml.d"));
        Files.writeString(dir.resolve("config.yaml.d/20-more.yaml"), """
                tls-san+: [c.example.com]
                cluster-domain: second.local
                """);
        Files.writeString(dir.resolve("config.yaml.d/10-first.yaml"), """
                tls-san+:
                  - b.example.com
                cluster-domain: first.local
                """);
        Files.writeString(dir.resolve("config.yaml.d/ignored.txt"), "cluster-domain: nope\n");
        ServerCommand s = parse(Map.of(), "server", "--config", cfg.toString(), "--https-listen-port", "9443",
                "--tls-san", "cli.example.com");
        assertThat(s.httpsListenPort).isEqualTo(9443);
        assertThat(s.writeKubeconfigMode).isEqualTo("0644");
        assertThat(s.tlsSans).containsExactly("a.example.com", "b.example.com", "c.example.com", "cli.example.com");
        assertThat(s.clusterDomain).isEqualTo("second.local");
        assertThat(s.node.nodeLabels).containsExactly("from=file");
        assertThat(s.disableAgent).isTrue();
        assertThat(warnings).singleElement().asString().contains("no-such-flag");
    }

    @Test
    void laterFilesReplaceListsWithoutPlus() throws Exception {
        Path cfg = dir.resolve("config.yaml");
        Files.writeString(cfg, "tls-san: [a]\n");
        Files.createDirectories(dir.resolve("config.yaml.d"));
        Files.writeString(dir.resolve("config.yaml.d/a.yaml"), "tls-san: [b]\n");
        assertThat(parse(Map.of(), "server", "-c", cfg.toString()).tlsSans).containsExactly("b");
    }

    @Test
    void configFileFromEnvironmentAndEnvDefaults() throws Exception {
        Path cfg = dir.resolve("env.yaml");
        Files.writeString(cfg, "node-name: from-file\n");
        ServerCommand s = parse(Map.of("K3S_CONFIG_FILE", cfg.toString()), "server");
        assertThat(s.node.nodeName).isEqualTo("from-file");
        assertThat(s.clusterCidr).isEqualTo("10.42.0.0/16");
        assertThat(s.serviceCidr).isEqualTo("10.43.0.0/16");
        assertThat(s.clusterDns).isEqualTo("10.43.0.10");
        assertThat(s.httpsListenPort).isEqualTo(6443);
    }

    @Test
    void explicitMissingConfigIsAnError() {
        assertThatThrownBy(() -> parse(Map.of(), "server", "--config", dir.resolve("nope.yaml").toString()))
                .isInstanceOf(CliException.class).hasMessageContaining("does not exist");
    }

    @Test
    void malformedConfigIsAnError() throws Exception {
        Path cfg = dir.resolve("bad.yaml");
        Files.writeString(cfg, "- just\n- a list\n");
        assertThatThrownBy(() -> parse(Map.of(), "server", "--config", cfg.toString()))
                .isInstanceOf(CliException.class).hasMessageContaining("mapping");
        Files.writeString(cfg, "key: [unclosed\n");
        assertThatThrownBy(() -> parse(Map.of(), "server", "--config", cfg.toString()))
                .isInstanceOf(CliException.class).hasMessageContaining("cannot parse");
    }
}
