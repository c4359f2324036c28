package io.k3j.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Upstream's name and metadata validation rules (apimachinery validation). Stateless. */
public final class Validation {

    private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS1123_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern QUALIFIED_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");

    private Validation() {
    }

    /** Problems with {@code name} as a DNS-1123 subdomain (empty list when valid). */
    public static List<String> dns1123Subdomain(String name) {
        List<String> errs = new ArrayList<>();
        if (name.length() > 253) {
            errs.add("must be no more than 253 characters");
        }
        if (!DNS1123_SUBDOMAIN.matcher(name).matches()) {
            errs.add("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.',"
                    + " and must start and end with an alphanumeric character (e.g. 'example.com', regex used for"
                    + " validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
        }
        return errs;
    }

    /** Problems with {@code name} as a DNS-1123 label (empty list when valid). */
    public static List<String> dns1123Label(String name) {
        List<String> errs = new ArrayList<>();
        if (name.length() > 63) {
            errs.add("must be no more than 63 characters");
        }
        if (!DNS1123_LABEL.matcher(name).matches()) {
            errs.add("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must"
                    + " start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for"
                    + " validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
        }
        return errs;
    }

    /** Problems with {@code name} as a path segment name (RBAC objects; empty list when valid). */
    public static List<String> pathSegment(String name) {
        List<String> errs = new ArrayList<>();
        if (name.equals(".") || name.equals("..")) {
            errs.add("may not be '" + name + "'");
        }
        for (String bad : new String[]{"/", "%"}) {
            if (name.contains(bad)) {
                errs.add("may not contain '" + bad + "'");
            }
        }
        return errs;
    }

    /** Validates label keys and values; adds causes under {@code metadata.labels}. */
    public static void labels(Map<String, String> labels, List<Status.Cause> causes) {
        for (Map.Entry<String, String> e : labels.entrySet()) {
            for (String err : qualifiedName(e.getKey())) {
                causes.add(new Status.Cause("FieldValueInvalid", "Invalid value: \"" + e.getKey() + "\": " + err,
                        "metadata.labels"));
            }
            String v = e.getValue();
            if (v.length() > 63 || !LABEL_VALUE.matcher(v).matches()) {
                causes.add(new Status.Cause("FieldValueInvalid", "Invalid value: \"" + v + "\": a valid label must be"
                        + " an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and"
                        + " end with an alphanumeric character", "metadata.labels"));
            }
        }
    }

    /** Validates annotation keys and total size; adds causes under {@code metadata.annotations}. */
    public static void annotations(Map<String, String> annotations, List<Status.Cause> causes) {
        long total = 0;
        for (Map.Entry<String, String> e : annotations.entrySet()) {
            for (String err : qualifiedName(e.getKey().toLowerCase(java.util.Locale.ROOT))) {
                causes.add(new Status.Cause("FieldValueInvalid", "Invalid value: \"" + e.getKey() + "\": " + err,
                        "metadata.annotations"));
            }
            total += e.getKey().length() + e.getValue().length();
        }
        if (total > 256 * 1024) {
            causes.add(new Status.Cause("FieldValueTooLong", "Too long: must have at most 262144 bytes",
                    "metadata.annotations"));
        }
    }

    /** Problems with a qualified name ([prefix/]name), as label and annotation keys are. */
    public static List<String> qualifiedName(String key) {
        List<String> errs = new ArrayList<>();
        String name = key;
        int slash = key.indexOf('/');
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            name = key.substring(slash + 1);
            if (prefix.isEmpty()) {
                errs.add("prefix part must be non-empty");
            } else if (!dns1123Subdomain(prefix).isEmpty()) {
                errs.add("prefix part " + dns1123Subdomain(prefix).getFirst());
            }
        }
        if (name.isEmpty()) {
            errs.add("name part must be non-empty");
        } else {
            if (name.length() > 63) {
                errs.add("name part must be no more than 63 characters");
            }
            if (!QUALIFIED_NAME.matcher(name).matches()) {
                errs.add("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end"
                        + " with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used"
                        + " for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
            }
        }
        return errs;
    }
}
