package io.k3j.apiserver.apiextensions;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiled schema {@code pattern}s (Go RE2 syntax read as Java regular expressions; RE2's {@code (?P<name>)}
 * groups translated), cached by source. Thread-safe.
 */
final class Patterns {

    private static final int MAX_CACHED = 4096;
    private static final Map<String, Pattern> CACHE = new ConcurrentHashMap<>();

    private Patterns() {
    }

    /** The compiled pattern; a malformed one raises IllegalArgumentException with the parser's description. */
    static Pattern compile(String source) {
        Pattern p = CACHE.get(source);
        if (p != null) {
            return p;
        }
        try {
            p = Pattern.compile(source.replace("(?P<", "(?<"));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(e.getDescription() + " near index " + e.getIndex(), e);
        }
        if (CACHE.size() < MAX_CACHED) {
            CACHE.put(source, p);
        }
        return p;
    }
}
