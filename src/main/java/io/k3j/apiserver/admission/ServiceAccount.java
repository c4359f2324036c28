package io.k3j.apiserver.admission;

import io.k3j.api.Meta;
import io.k3j.apiserver.registry.Admission;
import io.k3j.apiserver.registry.GenericStore;
import io.k3j.apiserver.registry.ResourceType;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's ServiceAccount plugin on pod create: the service account defaults to "default" and
 * must exist in the namespace; unless the pod or the account turns automounting off, a projected
 * {@code kube-api-access-<suffix>} volume (a bound token, the cluster CA from the
 * kube-root-ca.crt ConfigMap, the namespace) is added and mounted read-only at
 * {@value #MOUNT_PATH} in every container and init container that has nothing mounted there; the
 * account's image pull secrets are copied to a pod without any. Mirror pods are left alone.
 * Thread-safe.
 */
public final class ServiceAccount implements AdmissionPlugin {

    public static final String DEFAULT = "default";
    public static final String MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";
    static final String VOLUME_PREFIX = "kube-api-access-";
    /** Upstream's token lifetime for these volumes: a little over an hour, which marks them as bound tokens. */
    static final int EXPIRATION_SECONDS = 3607;
    private static final String NAME_CHARS = "bcdfghjklmnpqrstvwxz2456789";

    private final GenericStore serviceAccounts;
    private final RandomGenerator random;

    public ServiceAccount(GenericStore serviceAccounts) {
        this(serviceAccounts, null);
    }

    ServiceAccount(GenericStore serviceAccounts, RandomGenerator random) {
        this.serviceAccounts = serviceAccounts;
        this.random = random;
    }

    @Override
    public String name() {
        return "ServiceAccount";
    }

    @Override
    public boolean appliesTo(ResourceType type) {
        return type.group().isEmpty() && type.resource().equals("pods");
    }

    @Override
    public void admit(Admission.Attributes a) {
        if (!a.isCreate() || !(a.object().get("spec") instanceof ObjectNode spec)) {
            return;
        }
        if (Meta.stringMap(a.object(), "annotations").containsKey("kubernetes.io/config.mirror")) {
            return;
        }
        String account = spec.path("serviceAccountName").asString("");
        if (account.isEmpty()) {
            account = DEFAULT;
            spec.put("serviceAccountName", account);
            spec.put("serviceAccount", account);
        }
        ObjectNode sa = Lookups.find(serviceAccounts, a.namespace(), account);
        if (sa == null) {
            throw AdmissionPlugin.forbidden(a, "error looking up service account " + a.namespace() + "/" + account
                    + ": serviceaccount \"" + account + "\" not found");
        }
        if (automount(spec, sa)) {
            mountToken(spec);
        }
        if (spec.path("imagePullSecrets").isEmpty() && sa.path("imagePullSecrets").isArray()
                && !sa.path("imagePullSecrets").isEmpty()) {
            ArrayNode pull = spec.putArray("imagePullSecrets");
            for (JsonNode s : sa.path("imagePullSecrets")) {
                pull.addObject().put("name", s.path("name").asString(""));
            }
        }
    }

    private static boolean automount(ObjectNode spec, ObjectNode sa) {
        JsonNode pod = spec.get("automountServiceAccountToken");
        if (pod != null && pod.isBoolean()) {
            return pod.asBoolean();
        }
        JsonNode account = sa.get("automountServiceAccountToken");
        return account == null || !account.isBoolean() || account.asBoolean();
    }

    private void mountToken(ObjectNode spec) {
        String volumeName = null;
        for (JsonNode v : spec.path("volumes")) {
            String n = v.path("name").asString("");
            if (n.startsWith(VOLUME_PREFIX)) {
                volumeName = n;
                break;
            }
        }
        boolean hasVolume = volumeName != null;
        if (volumeName == null) {
            volumeName = VOLUME_PREFIX + suffix();
        }
        boolean needsVolume = false;
        for (String list : new String[]{"initContainers", "containers"}) {
            for (JsonNode c : spec.path(list)) {
                if (c instanceof ObjectNode container && !mountsTokenPath(container)) {
                    ArrayNode mounts = container.get("volumeMounts") instanceof ArrayNode m ? m
                            : container.putArray("volumeMounts");
                    mounts.addObject().put("name", volumeName).put("readOnly", true).put("mountPath", MOUNT_PATH);
                    needsVolume = true;
                }
            }
        }
        if (!hasVolume && needsVolume) {
            ArrayNode volumes = spec.get("volumes") instanceof ArrayNode v ? v : spec.putArray("volumes");
            volumes.add(tokenVolume(volumeName));
        }
    }

    private static boolean mountsTokenPath(ObjectNode container) {
        for (JsonNode m : container.path("volumeMounts")) {
            if (MOUNT_PATH.equals(m.path("mountPath").asString(""))) {
                return true;
            }
        }
        return false;
    }

    /** The projected volume upstream adds, with its defaults written out. */
    static ObjectNode tokenVolume(String name) {
        ObjectNode volume = io.k3j.api.Json.object();
        volume.put("name", name);
        ObjectNode projected = volume.putObject("projected");
        projected.put("defaultMode", 420);
        ArrayNode sources = projected.putArray("sources");
        sources.addObject().putObject("serviceAccountToken").put("expirationSeconds", EXPIRATION_SECONDS)
                .put("path", "token");
        ObjectNode configMap = sources.addObject().putObject("configMap");
        configMap.putArray("items").addObject().put("key", "ca.crt").put("path", "ca.crt");
        configMap.put("name", "kube-root-ca.crt");
        ObjectNode item = sources.addObject().putObject("downwardAPI").putArray("items").addObject();
        item.putObject("fieldRef").put("apiVersion", "v1").put("fieldPath", "metadata.namespace");
        item.put("path", "namespace");
        return volume;
    }

    private String suffix() {
        RandomGenerator r = random != null ? random : ThreadLocalRandom.current();
        StringBuilder sb = new StringBuilder(5);
        for (int i = 0; i < 5; i++) {
            sb.append(NAME_CHARS.charAt(r.nextInt(NAME_CHARS.length())));
        }
        return sb.toString();
    }
}
