package io.k3j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resolves a token given directly or through a --token-file, as K3s does. */
final class TokenSources {

    private TokenSources() {
    }

    static String resolve(String token, String tokenFile, String flag) {
        if (token != null && !token.isBlank()) {
            return token.strip();
        }
        if (tokenFile != null && !tokenFile.isBlank()) {
            try {
                return Files.readString(Path.of(tokenFile)).strip();
            } catch (IOException e) {
                throw new CliException("cannot read " + flag + " " + tokenFile + ": " + e.getMessage());
            }
        }
        return null;
    }
}
