package io.k3j.apiserver.endpoints;

import io.k3j.api.ApiException;
import io.k3j.api.Status;
import java.util.Locale;

/**
 * The representation a client asked for in its Accept header: plain objects, a Table, or
 * PartialObjectMetadata, in meta.k8s.io v1 or v1beta1. Protobuf and YAML requests get JSON.
 */
public record Output(Kind kind, String metaVersion) {

    /** What to render. */
    public enum Kind { OBJECT, TABLE, PARTIAL }

    public static final Output OBJECT = new Output(Kind.OBJECT, null);

    public String metaApiVersion() {
        return "meta.k8s.io/" + metaVersion;
    }

    /** Picks the first acceptable media range, as upstream's negotiation does. */
    public static Output negotiate(String accept) {
        if (accept == null || accept.isBlank()) {
            return OBJECT;
        }
        boolean anyPlain = false;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String media = parts[0].strip().toLowerCase(Locale.ROOT);
            String as = null;
            String v = null;
            String g = null;
            for (int i = 1; i < parts.length; i++) {
                String[] kv = parts[i].strip().split("=", 2);
                if (kv.length != 2) {
                    continue;
                }
                switch (kv[0].strip()) {
                    case "as" -> as = kv[1].strip();
                    case "v" -> v = kv[1].strip();
                    case "g" -> g = kv[1].strip();
                    default -> { }
                }
            }
            boolean jsonish = media.equals("application/json") || media.equals("application/vnd.kubernetes.protobuf")
                    || media.equals("application/yaml") || media.equals("*/*") || media.equals("application/*");
            if (!jsonish) {
                continue;
            }
            if (as == null) {
                anyPlain = true;
                return OBJECT;
            }
            if (!"meta.k8s.io".equals(g) || !("v1".equals(v) || "v1beta1".equals(v))) {
                continue;
            }
            if (as.equals("Table")) {
                return new Output(Kind.TABLE, v);
            }
            if (as.equals("PartialObjectMetadata") || as.equals("PartialObjectMetadataList")) {
                return new Output(Kind.PARTIAL, v);
            }
        }
        if (anyPlain) {
            return OBJECT;
        }
        throw new ApiException(Status.notAcceptable("only the following media types are accepted: application/json,"
                + " application/yaml, application/vnd.kubernetes.protobuf"));
    }
}
