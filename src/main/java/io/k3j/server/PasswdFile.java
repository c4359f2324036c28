package io.k3j.server;

import io.k3j.apiserver.authn.TokenAuthenticator;
import io.k3j.apiserver.authn.UserInfo;
import io.k3j.pki.KeyFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code server/cred/passwd}, as K3s keeps it: one {@code password,user,uid,group} line for
 * the server token (user "server", group "k3s:server") and one for the agent token (user
 * "node", group "k3s:agent"). Rewritten at every start from the current tokens; mode 0600.
 */
public final class PasswdFile {

    private PasswdFile() {
    }

    public static List<TokenAuthenticator.Entry> write(Path serverDir, TokenFiles.Tokens tokens) {
        List<TokenAuthenticator.Entry> entries = new ArrayList<>();
        entries.add(new TokenAuthenticator.Entry(tokens.server().password(),
                new UserInfo("server", List.of("k3s:server", UserInfo.ALL_AUTHENTICATED))));
        if (!tokens.agent().password().equals(tokens.server().password())) {
            entries.add(new TokenAuthenticator.Entry(tokens.agent().password(),
                    new UserInfo("node", List.of("k3s:agent", UserInfo.ALL_AUTHENTICATED))));
        }
        StringBuilder sb = new StringBuilder();
        for (TokenAuthenticator.Entry e : entries) {
            String user = e.user().name();
            sb.append(e.token()).append(',').append(user).append(',').append(user).append(',')
                    .append(e.user().groups().getFirst()).append('\n');
        }
        KeyFiles.write(serverDir.resolve("cred").resolve("passwd"), sb.toString(), KeyFiles.SECRET);
        return entries;
    }
}
