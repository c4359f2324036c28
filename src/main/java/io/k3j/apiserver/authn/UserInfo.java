package io.k3j.apiserver.authn;

import java.util.List;

/** An authenticated identity: user name and groups, as upstream's user.Info. */
public record UserInfo(String name, List<String> groups) {

    public static final String ALL_AUTHENTICATED = "system:authenticated";
}
