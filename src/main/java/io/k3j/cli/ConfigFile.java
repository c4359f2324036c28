package io.k3j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * K3s's config files: {@code config.yaml} then {@code config.yaml.d/*.yaml} in name order.
 * Keys are long flag names; a later file replaces a key, except {@code key+:} which appends
 * to what earlier files set. Values are strings, booleans, numbers or lists of them.
 */
public final class ConfigFile {

    public static final Path DEFAULT = Path.of("/etc/rancher/k3s/config.yaml");

    /** Built on first use: most starts have no config file, and the YAML stack is slow to load. */
    private static final class Yaml {
        static final ObjectMapper MAPPER = YAMLMapper.builder().build();
    }

    private ConfigFile() {
    }

    /** The merged settings, in first-seen key order; empty when no file exists. */
    public static Map<String, Object> load(Path file) {
        Map<String, Object> merged = new LinkedHashMap<>();
        List<Path> files = new ArrayList<>();
        if (Files.isRegularFile(file)) {
            files.add(file);
        }
        Path dropIns = file.resolveSibling(file.getFileName() + ".d");
        if (Files.isDirectory(dropIns)) {
            try (Stream<Path> s = Files.list(dropIns)) {
                s.filter(p -> {
                    String n = p.getFileName().toString();
                    return n.endsWith(".yaml") || n.endsWith(".yml");
                }).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new CliException("cannot read " + dropIns + ": " + e.getMessage());
            }
        }
        for (Path f : files) {
            merge(merged, read(f), f);
        }
        return merged;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(Path f) {
        try {
            String text = Files.readString(f);
            if (text.isBlank()) {
                return Map.of();
            }
            Object parsed = Yaml.MAPPER.readValue(text, Object.class);
            if (parsed == null) {
                return Map.of();
            }
            if (!(parsed instanceof Map<?, ?> m)) {
                throw new CliException("config file " + f + " must be a YAML mapping of flag names to values");
            }
            return (Map<String, Object>) m;
        } catch (IOException | JacksonException e) {
            throw new CliException("cannot parse config file " + f + ": " + e.getMessage());
        }
    }

    private static void merge(Map<String, Object> into, Map<String, Object> from, Path source) {
        for (Map.Entry<String, Object> e : from.entrySet()) {
            String key = String.valueOf(e.getKey());
            Object value = e.getValue();
            if (value instanceof Map) {
                throw new CliException("config file " + source + ": value of '" + key + "' must be a scalar or a list");
            }
            if (key.endsWith("+")) {
                String base = key.substring(0, key.length() - 1);
                List<Object> combined = new ArrayList<>(asList(into.get(base)));
                combined.addAll(asList(value));
                into.put(base, combined);
            } else {
                into.put(key, value);
            }
        }
    }

    static List<Object> asList(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        return List.of(value);
    }
}
