package io.k3j.apiserver.registry.kinds;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's defaulting of a core/v1 PodSpec (pkg/apis/core/v1/defaults.go and the generated defaulters): pod-level
 * fields, every container, probe, port, volume and field reference. {@link #podSpec} is what every PodSpec gets
 * (pods and templates alike); {@link #podOnly} adds what SetDefaults_Pod applies to Pods only. Stateless and
 * thread-safe; objects are changed in place.
 */
public final class PodSpecDefaults {

    private static final int DEFAULT_MODE = 0644;

    private PodSpecDefaults() {
    }

    /** Defaults a pod template's spec in place ({@code template.spec}, created when missing); returns that spec. */
    public static ObjectNode template(ObjectNode template) {
        ObjectNode spec = Trees.object(template, "spec");
        if (spec != null) {
            podSpec(spec);
        }
        return spec;
    }

    /** SetDefaults_PodSpec and the per-field defaulters reached from a PodSpec. */
    public static void podSpec(ObjectNode spec) {
        Trees.defaultString(spec, "dnsPolicy", "ClusterFirst");
        Trees.defaultString(spec, "restartPolicy", "Always");
        Trees.defaultObject(spec, "securityContext");
        Trees.defaultInt(spec, "terminationGracePeriodSeconds", 30);
        Trees.defaultString(spec, "schedulerName", "default-scheduler");
        // v1 conversion keeps the deprecated serviceAccount in step with serviceAccountName.
        if (Trees.blank(spec, "serviceAccountName") && !Trees.blank(spec, "serviceAccount")) {
            spec.put("serviceAccountName", Trees.str(spec, "serviceAccount"));
        }
        if (!Trees.blank(spec, "serviceAccountName")) {
            spec.put("serviceAccount", Trees.str(spec, "serviceAccountName"));
        }
        for (String list : new String[]{"initContainers", "containers", "ephemeralContainers"}) {
            for (ObjectNode c : Trees.objects(spec, list)) {
                container(c);
            }
        }
        for (ObjectNode v : Trees.objects(spec, "volumes")) {
            volume(v);
        }
    }

    /** SetDefaults_Pod: requests default to limits, enableServiceLinks true, host-network ports. */
    public static void podOnly(ObjectNode spec) {
        for (String list : new String[]{"containers", "initContainers"}) {
            for (ObjectNode c : Trees.objects(spec, list)) {
                ObjectNode resources = Trees.objectOrNull(c, "resources");
                ObjectNode limits = Trees.objectOrNull(resources, "limits");
                if (limits == null) {
                    continue;
                }
                ObjectNode requests = Trees.object(resources, "requests");
                if (requests == null) {
                    continue;
                }
                for (Map.Entry<String, JsonNode> e : limits.properties()) {
                    if (!requests.has(e.getKey())) {
                        requests.set(e.getKey(), e.getValue().deepCopy());
                    }
                }
            }
        }
        Trees.defaultBool(spec, "enableServiceLinks", true);
        JsonNode hostNetwork = spec.get("hostNetwork");
        if (hostNetwork != null && hostNetwork.asBoolean(false)) {
            for (String list : new String[]{"containers", "initContainers"}) {
                for (ObjectNode c : Trees.objects(spec, list)) {
                    for (ObjectNode p : Trees.objects(c, "ports")) {
                        if (Trees.zero(p, "hostPort") && p.has("containerPort")) {
                            p.set("hostPort", p.get("containerPort").deepCopy());
                        }
                    }
                }
            }
        }
    }

    /** SetDefaults_Container plus ports, probes, lifecycle handlers and env field references. */
    static void container(ObjectNode c) {
        Trees.defaultString(c, "imagePullPolicy", pullPolicy(Trees.str(c, "image")));
        Trees.defaultString(c, "terminationMessagePath", "/dev/termination-log");
        Trees.defaultString(c, "terminationMessagePolicy", "File");
        Trees.defaultObject(c, "resources");
        for (ObjectNode p : Trees.objects(c, "ports")) {
            Trees.defaultString(p, "protocol", "TCP");
        }
        for (ObjectNode env : Trees.objects(c, "env")) {
            fieldRef(Trees.objectOrNull(Trees.objectOrNull(env, "valueFrom"), "fieldRef"));
        }
        for (String probe : new String[]{"livenessProbe", "readinessProbe", "startupProbe"}) {
            ObjectNode p = Trees.objectOrNull(c, probe);
            if (p != null) {
                for (String[] d : new String[][]{{"timeoutSeconds", "1"}, {"periodSeconds", "10"},
                    {"successThreshold", "1"}, {"failureThreshold", "3"}}) {
                    if (Trees.zero(p, d[0])) {
                        p.put(d[0], Integer.parseInt(d[1]));
                    }
                }
                httpGet(Trees.objectOrNull(p, "httpGet"));
            }
        }
        ObjectNode lifecycle = Trees.objectOrNull(c, "lifecycle");
        for (String hook : new String[]{"postStart", "preStop"}) {
            httpGet(Trees.objectOrNull(Trees.objectOrNull(lifecycle, hook), "httpGet"));
        }
    }

    /**
     * Upstream's pull-policy default: Always for the ":latest" tag or no tag and no digest, IfNotPresent otherwise
     * (including images that do not parse as references).
     */
    static String pullPolicy(String image) {
        if (image.isEmpty() || !image.equals(image.strip())) {
            return "IfNotPresent";
        }
        String name = image;
        boolean digest = false;
        int at = name.indexOf('@');
        if (at >= 0) {
            digest = true;
            name = name.substring(0, at);
        }
        int slash = name.lastIndexOf('/');
        int colon = name.lastIndexOf(':');
        String tag = colon > slash ? name.substring(colon + 1) : "";
        String repo = colon > slash ? name.substring(0, colon) : name;
        String path = repo.indexOf('/') >= 0 && looksLikeRegistry(repo.substring(0, repo.indexOf('/')))
                ? repo.substring(repo.indexOf('/') + 1) : repo;
        if (path.isEmpty() || !path.equals(path.toLowerCase(java.util.Locale.ROOT))) {
            return "IfNotPresent";
        }
        if (tag.isEmpty() && !digest) {
            tag = "latest";
        }
        return tag.equals("latest") ? "Always" : "IfNotPresent";
    }

    private static boolean looksLikeRegistry(String first) {
        return first.contains(".") || first.contains(":") || first.equals("localhost")
                || !first.equals(first.toLowerCase(java.util.Locale.ROOT));
    }

    private static void httpGet(ObjectNode get) {
        if (get != null) {
            Trees.defaultString(get, "path", "/");
            Trees.defaultString(get, "scheme", "HTTP");
        }
    }

    private static void fieldRef(ObjectNode ref) {
        if (ref != null) {
            Trees.defaultString(ref, "apiVersion", "v1");
        }
    }

    /** SetDefaults_Volume and the defaulters of the common volume sources. */
    static void volume(ObjectNode v) {
        boolean hasSource = false;
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            hasSource |= !e.getKey().equals("name") && !e.getValue().isNull();
        }
        if (!hasSource) {
            v.putObject("emptyDir");
            return;
        }
        for (String source : new String[]{"secret", "configMap", "downwardAPI", "projected"}) {
            ObjectNode s = Trees.objectOrNull(v, source);
            if (s != null) {
                Trees.defaultInt(s, "defaultMode", DEFAULT_MODE);
            }
        }
        for (ObjectNode item : Trees.objects(Trees.objectOrNull(v, "downwardAPI"), "items")) {
            fieldRef(Trees.objectOrNull(item, "fieldRef"));
        }
        for (ObjectNode src : Trees.objects(Trees.objectOrNull(v, "projected"), "sources")) {
            ObjectNode token = Trees.objectOrNull(src, "serviceAccountToken");
            if (token != null) {
                Trees.defaultInt(token, "expirationSeconds", 3600);
            }
            for (ObjectNode item : Trees.objects(Trees.objectOrNull(src, "downwardAPI"), "items")) {
                fieldRef(Trees.objectOrNull(item, "fieldRef"));
            }
        }
        ObjectNode hostPath = Trees.objectOrNull(v, "hostPath");
        if (hostPath != null && Trees.absent(hostPath, "type")) {
            hostPath.put("type", "");
        }
        ObjectNode iscsi = Trees.objectOrNull(v, "iscsi");
        if (iscsi != null) {
            Trees.defaultString(iscsi, "iscsiInterface", "default");
        }
        ObjectNode claim = Trees.objectOrNull(Trees.objectOrNull(Trees.objectOrNull(v, "ephemeral"),
                "volumeClaimTemplate"), "spec");
        if (claim != null) {
            Trees.defaultString(claim, "volumeMode", "Filesystem");
        }
    }
}
