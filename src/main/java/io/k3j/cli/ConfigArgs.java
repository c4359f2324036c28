package io.k3j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Turns config-file settings into command-line arguments placed before the user's own, as K3s
 * does: a flag given on the command line wins over the file for single values, list flags
 * accumulate, and unknown keys are warned about and skipped.
 */
public final class ConfigArgs {

    private ConfigArgs() {
    }

    /**
     * The arguments to parse for {@code subcommand}: {@code args} with the config file's
     * settings inserted after the subcommand name. {@code env} gives K3S_CONFIG_FILE.
     */
    public static List<String> expand(List<String> args, CommandSpec subcommand, Map<String, String> env,
                                      Consumer<String> warn) {
        int at = args.indexOf(subcommand.name());
        Path file = configPath(args.subList(at + 1, args.size()), env);
        Map<String, Object> settings = ConfigFile.load(file);
        List<String> fromFile = new ArrayList<>();
        for (Map.Entry<String, Object> e : settings.entrySet()) {
            String key = e.getKey();
            OptionSpec option = subcommand.findOption("--" + key);
            if (option == null || key.equals("config")) {
                warn.accept("unknown flag '" + key + "' in config file " + file + "; skipped");
                continue;
            }
            List<Object> values = ConfigFile.asList(e.getValue());
            boolean multi = option.isMultiValue();
            if (option.arity().max() == 0 || option.type() == boolean.class || option.type() == Boolean.class) {
                Object v = values.isEmpty() ? Boolean.TRUE : values.getLast();
                fromFile.add("--" + key + "=" + v);
            } else if (multi) {
                for (Object v : values) {
                    fromFile.add("--" + key + "=" + v);
                }
            } else if (!values.isEmpty()) {
                fromFile.add("--" + key + "=" + String.join(",", values.stream().map(String::valueOf).toList()));
            }
        }
        List<String> out = new ArrayList<>(args.subList(0, at + 1));
        out.addAll(fromFile);
        out.addAll(args.subList(at + 1, args.size()));
        return out;
    }

    /** The config file named by --config/-c, else K3S_CONFIG_FILE, else the default. */
    static Path configPath(List<String> args, Map<String, String> env) {
        String explicit = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if ((a.equals("--config") || a.equals("-c")) && i + 1 < args.size()) {
                explicit = args.get(i + 1);
            } else if (a.startsWith("--config=")) {
                explicit = a.substring("--config=".length());
            }
        }
        if (explicit == null) {
            explicit = env.get("K3S_CONFIG_FILE");
        }
        if (explicit == null || explicit.isBlank()) {
            return ConfigFile.DEFAULT;
        }
        Path p = Path.of(explicit);
        if (!Files.exists(p)) {
            throw new CliException("config file " + p + " does not exist");
        }
        return p;
    }
}
