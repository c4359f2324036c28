package io.k3j.apiserver.authn;

import java.util.List;
import java.util.Map;

/**
 * An authenticated identity, as upstream's user.Info: user name, groups, and for identities that have them a UID
 * (empty otherwise) and extra attributes (e.g. the pod a service account token is bound to).
 */
public record UserInfo(String name, List<String> groups, String uid, Map<String, List<String>> extra) {

    public static final String ALL_AUTHENTICATED = "system:authenticated";

    public UserInfo {
        groups = List.copyOf(groups);
        uid = uid == null ? "" : uid;
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }

    /** A user without UID or extra attributes. */
    public UserInfo(String name, List<String> groups) {
        this(name, groups, "", Map.of());
    }
}
