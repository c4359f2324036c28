package io.k3j.apiserver.registry.kinds;

import io.k3j.api.Meta;
import io.k3j.api.Status;
import io.k3j.apiserver.registry.Strategy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Secrets (core/v1): type defaults to Opaque and stringData is merged into data (base64, overriding) and dropped,
 * as upstream's v1 conversion does on every write; validation follows ValidateSecret (config keys, 1 MiB of data,
 * the keys each built-in type requires); updates may not change the type nor, for immutable Secrets, the data.
 * Stateless and thread-safe.
 */
public final class SecretStrategy implements Strategy {

    @Override
    public void prepareForCreate(ObjectNode obj) {
        defaults(obj);
    }

    @Override
    public void prepareForUpdate(ObjectNode updated, ObjectNode old) {
        defaults(updated);
        List<Status.Cause> causes = new ArrayList<>();
        String newType = Trees.str(updated, "type");
        if (!Trees.str(old, "type").equals(newType)) {
            causes.add(Causes.invalid("type", newType, "field is immutable"));
        }
        causes.addAll(ConfigKeys.immutable(updated, old, "data"));
        Causes.reject("", "Secret", old, causes);
    }

    private static void defaults(ObjectNode obj) {
        Trees.defaultString(obj, "type", "Opaque");
        JsonNode stringData = obj.get("stringData");
        if (stringData != null && stringData.isObject() && !stringData.isEmpty()) {
            ObjectNode data = Trees.object(obj, "data");
            if (data != null) {
                for (Map.Entry<String, JsonNode> e : stringData.properties()) {
                    String v = e.getValue().isString() ? e.getValue().stringValue() : e.getValue().toString();
                    data.put(e.getKey(), Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8)));
                }
            }
        }
        obj.remove("stringData");
    }

    @Override
    public List<Status.Cause> validate(ObjectNode obj) {
        List<Status.Cause> causes = new ArrayList<>();
        long total = ConfigKeys.keys(obj, "data", true, causes);
        ObjectNode data = Trees.objectOrNull(obj, "data");
        switch (Trees.str(obj, "type")) {
            case "kubernetes.io/service-account-token" -> {
                if (Meta.stringMap(obj, "annotations").getOrDefault("kubernetes.io/service-account.name", "")
                        .isEmpty()) {
                    causes.add(Causes.required("metadata.annotations[kubernetes.io/service-account.name]"));
                }
            }
            case "kubernetes.io/dockercfg" -> dockerConfig(data, ".dockercfg", causes);
            case "kubernetes.io/dockerconfigjson" -> dockerConfig(data, ".dockerconfigjson", causes);
            case "kubernetes.io/basic-auth" -> {
                if (!has(data, "username") && !has(data, "password")) {
                    causes.add(Causes.required("data[username]"));
                    causes.add(Causes.required("data[password]"));
                }
            }
            case "kubernetes.io/ssh-auth" -> {
                byte[] key = bytes(data, "ssh-privatekey");
                if (key == null || key.length == 0) {
                    causes.add(Causes.required("data[ssh-privatekey]"));
                }
            }
            case "kubernetes.io/tls" -> {
                for (String key : new String[]{"tls.crt", "tls.key"}) {
                    if (!has(data, key)) {
                        causes.add(Causes.required("data[" + key + "]"));
                    }
                }
            }
            default -> {
            }
        }
        if (total > ConfigKeys.MAX_SIZE) {
            causes.add(Causes.tooLong("data", ConfigKeys.MAX_SIZE));
        }
        return causes;
    }

    private static void dockerConfig(ObjectNode data, String key, List<Status.Cause> causes) {
        byte[] config = bytes(data, key);
        if (!has(data, key)) {
            causes.add(Causes.required("data[" + key + "]"));
        } else if (config == null || !isJsonObject(config)) {
            causes.add(Causes.invalid("data[" + key + "]", "<secret contents redacted>",
                    "invalid character in JSON object"));
        }
    }

    private static boolean isJsonObject(byte[] bytes) {
        try {
            return io.k3j.api.Json.MAPPER.readTree(bytes).isObject();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean has(ObjectNode data, String key) {
        return data != null && data.has(key) && !data.get(key).isNull();
    }

    private static byte[] bytes(ObjectNode data, String key) {
        JsonNode v = data == null ? null : data.get(key);
        return v != null && v.isString() ? ConfigKeys.decode(v.stringValue()) : null;
    }

    @Override
    public List<String> selectableFields() {
        return List.of("type");
    }
}
