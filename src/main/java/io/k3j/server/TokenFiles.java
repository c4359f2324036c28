package io.k3j.server;

import io.k3j.pki.KeyFiles;
import io.k3j.pki.PkiException;
import io.k3j.pki.Token;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The server's join tokens, as K3s keeps them: {@code server/token} holds the full server
 * token; {@code server/node-token} links to it; {@code server/agent-token} links to it too
 * unless a separate agent token was given, in which case it holds that one (user "node").
 */
public final class TokenFiles {

    /** The tokens a server runs with. */
    public record Tokens(Token server, Token agent) {
    }

    private TokenFiles() {
    }

    /**
     * Loads or creates the token files. {@code requested} (from --token) may be null, a
     * password, or a full token whose CA hash must match {@code caBundlePem}; when a token
     * already exists, a different requested password is an error.
     */
    public static Tokens ensure(Path serverDir, String caBundlePem, String requested, String requestedAgent) {
        Path tokenFile = serverDir.resolve("token");
        Token wanted = requested == null || requested.isBlank() ? null : Token.parse(requested, "server");
        if (wanted != null && !wanted.trusts(caBundlePem)) {
            throw new PkiException("the CA hash in --token does not match this server's CA certificate;"
                    + " use the token from an existing server's " + tokenFile + " or a short token");
        }
        Token server;
        if (Files.exists(tokenFile)) {
            Token existing = Token.parse(KeyFiles.read(tokenFile), "server");
            if (wanted != null && !wanted.password().equals(existing.password())) {
                throw new PkiException("--token does not match the token this server was initialised with"
                        + " (" + tokenFile + ")");
            }
            server = existing.withCa(caBundlePem);
        } else {
            String password = wanted != null ? wanted.password() : Token.randomSecret();
            server = new Token(null, "server", password).withCa(caBundlePem);
        }
        KeyFiles.write(tokenFile, server.full() + "\n", KeyFiles.SECRET);
        link(serverDir.resolve("node-token"), "token");

        Token agent;
        Path agentFile = serverDir.resolve("agent-token");
        if (requestedAgent != null && !requestedAgent.isBlank()) {
            Token given = Token.parse(requestedAgent, "node");
            if (!given.trusts(caBundlePem)) {
                throw new PkiException("the CA hash in --agent-token does not match this server's CA certificate");
            }
            agent = new Token(null, "node", given.password()).withCa(caBundlePem);
            deleteLink(agentFile);
            KeyFiles.write(agentFile, agent.full() + "\n", KeyFiles.SECRET);
        } else {
            agent = server;
            link(agentFile, "token");
        }
        return new Tokens(server, agent);
    }

    private static void link(Path link, String target) {
        try {
            if (Files.isSymbolicLink(link) && Files.readSymbolicLink(link).toString().equals(target)) {
                return;
            }
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, Path.of(target));
        } catch (IOException e) {
            throw new PkiException("cannot link " + link + " to " + target + ": " + e.getMessage(), e);
        }
    }

    private static void deleteLink(Path file) {
        try {
            if (Files.isSymbolicLink(file)) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new PkiException("cannot replace " + file + ": " + e.getMessage(), e);
        }
    }
}
