package io.k3j;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The build's version: k3j's own and the Kubernetes version it implements. */
public record Version(String k3j, String kubernetes, String buildDate) {

    private static final Version CURRENT = load();

    public static Version current() {
        return CURRENT;
    }

    /** The git-style version string, e.g. {@code v1.33.5+k3j1}. */
    public String gitVersion() {
        int dash = k3j.indexOf("-k3j");
        String suffix = dash >= 0 ? k3j.substring(dash + 1) : "k3j";
        return kubernetes + "+" + suffix;
    }

    public String major() {
        return kubernetes.substring(1).split("\\.")[0];
    }

    public String minor() {
        return kubernetes.substring(1).split("\\.")[1];
    }

    private static Version load() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // fall through to defaults
        }
        String k3j = p.getProperty("version", "0.0.0-k3j0");
        String k8s = p.getProperty("kubernetes", "v1.33.0");
        if (k3j.startsWith("${")) {
            k3j = "0.0.0-k3j0";
        }
        if (k8s.startsWith("${")) {
            k8s = "v1.33.0";
        }
        String built = p.getProperty("buildDate", "");
        return new Version(k3j, k8s, built.startsWith("${") ? "" : built);
    }
}
