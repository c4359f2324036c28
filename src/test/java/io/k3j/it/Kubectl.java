package io.k3j.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a real installed kubectl against a test server's kubeconfig. */
final class Kubectl {

    /** Installed kubectl binaries, newest first, keyed by minor version ("1.33"). */
    static Path binary(String minor) {
        Path versioned = Path.of("/usr/lib/google-cloud-sdk/bin/kubectl." + minor);
        if (Files.isExecutable(versioned)) {
            return versioned;
        }
        return Path.of("/usr/bin/kubectl");
    }

    /**
     * The kubectl minor versions integration tests run against: the {@code k3j.kubectl} system
     * property (comma-separated, e.g. "1.33,1.27"), else every installed one from 1.27 to 1.33.
     */
    static List<String> versions() {
        String chosen = System.getProperty("k3j.kubectl", "");
        if (!chosen.isBlank()) {
            return List.of(chosen.split(","));
        }
        List<String> installed = new ArrayList<>();
        for (int minor = 33; minor >= 27; minor--) {
            if (Files.isExecutable(Path.of("/usr/lib/google-cloud-sdk/bin/kubectl.1." + minor))) {
                installed.add("1." + minor);
            }
        }
        return installed.isEmpty() ? List.of("1.33") : installed;
    }

    record Result(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private final Path binary;
    private final Path kubeconfig;

    Kubectl(Path binary, Path kubeconfig) {
        this.binary = binary;
        this.kubeconfig = kubeconfig;
    }

    Result run(String... args) throws IOException, InterruptedException {
        return runWithInput(null, args);
    }

    Result runWithInput(String stdin, String... args) throws IOException, InterruptedException {
        return run(stdin, Map.of(), args);
    }

    /** Runs with extra environment variables (e.g. {@code KUBE_EDITOR}). */
    Result runWithEnv(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return run(null, env, args);
    }

    private Result run(String stdin, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--kubeconfig", kubeconfig.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        Process p = pb.start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes());
        }
        p.getOutputStream().close();
        byte[][] streams = new byte[2][];
        Thread errReader = Thread.ofVirtual().start(() -> {
            try {
                streams[1] = p.getErrorStream().readAllBytes();
            } catch (IOException e) {
                streams[1] = new byte[0];
            }
        });
        streams[0] = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("kubectl " + String.join(" ", args) + " timed out");
        }
        errReader.join();
        return new Result(p.exitValue(), new String(streams[0]), new String(streams[1]));
    }

    /** Runs and requires success, returning stdout. */
    String ok(String... args) throws IOException, InterruptedException {
        Result r = run(args);
        if (r.exit() != 0) {
            throw new AssertionError("kubectl " + String.join(" ", args) + " failed (" + r.exit() + "):\n" + r.all());
        }
        return r.out();
    }

    /** Starts a long-running kubectl (e.g. get -w) whose stdout goes to a file. */
    Process start(Path output, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--kubeconfig", kubeconfig.toString()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectOutput(output.toFile()).redirectErrorStream(false)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }
}
