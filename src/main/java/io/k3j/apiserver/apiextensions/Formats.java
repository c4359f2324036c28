package io.k3j.apiserver.apiextensions;

import io.k3j.api.Validation;
import java.net.Inet6Address;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The string formats CRD schemas support (upstream's list; names compared without dashes, so {@code date-time}
 * is {@code datetime}) and their checks, after kube-openapi's strfmt registry. Formats outside the list are
 * ignored, as upstream strips them from the schema. Stateless.
 */
final class Formats {

    private static final Set<String> SUPPORTED = Set.of("bsonobjectid", "uri", "email", "hostname", "ipv4", "ipv6",
            "cidr", "mac", "uuid", "uuid3", "uuid4", "uuid5", "isbn", "isbn10", "isbn13", "creditcard", "ssn",
            "hexcolor", "rgbcolor", "byte", "password", "date", "duration", "datetime", "quantity", "k8sshortname",
            "k8slongname");

    private static final Pattern UUID = Pattern.compile(
            "(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$");
    private static final Pattern UUID3 = Pattern.compile(
            "(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$");
    private static final Pattern UUID4 = Pattern.compile(
            "(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$");
    private static final Pattern UUID5 = Pattern.compile(
            "(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$");
    private static final Pattern HOSTNAME = Pattern.compile("^([a-zA-Z0-9\\p{S}\\p{L}]((-?[a-zA-Z0-9\\p{S}\\p{L}]"
            + "{0,62})?)|([a-zA-Z0-9\\p{S}\\p{L}](([a-zA-Z0-9-\\p{S}\\p{L}]{0,61}[a-zA-Z0-9\\p{S}\\p{L}])?)(\\.)){1,}"
            + "([a-zA-Z0-9\\p{S}\\p{L}])(-?[a-zA-Z0-9\\p{S}\\p{L}]){1,62})$");
    private static final Pattern IPV4 = Pattern.compile(
            "^((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)$");
    private static final Pattern DATE_TIME = Pattern.compile(
            "^(\\d{4}-\\d{2}-\\d{2})[Tt ]([01]\\d|2[0-3]):[0-5]\\d:([0-5]\\d|60)(\\.\\d+)?([Zz]|[+-]\\d{2}:?\\d{2})?$");
    private static final Pattern BASE64 = Pattern.compile(
            "^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$");
    private static final Pattern MAC = Pattern.compile("^(?:[0-9A-Fa-f]{2}([:-]))(?:[0-9A-Fa-f]{2}\\1){4}"
            + "(?:[0-9A-Fa-f]{2}|(?:[0-9A-Fa-f]{2}\\1){2}[0-9A-Fa-f]{2}|(?:[0-9A-Fa-f]{2}\\1){14}[0-9A-Fa-f]{2})$"
            + "|^[0-9A-Fa-f]{4}(?:\\.[0-9A-Fa-f]{4}){2}(?:(?:\\.[0-9A-Fa-f]{4})|(?:\\.[0-9A-Fa-f]{4}){7})?$");
    private static final Pattern EMAIL = Pattern.compile("^(?:[^<>@\\s]*<)?[^<>@\\s]+@[^<>@\\s]+>?$");
    private static final Pattern SSN = Pattern.compile("^\\d{3}[- ]?\\d{2}[- ]?\\d{4}$");
    private static final Pattern HEXCOLOR = Pattern.compile("^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$");
    private static final Pattern RGBCOLOR = Pattern.compile("^rgb\\(\\s*(0|[1-9]\\d?|1\\d\\d?|2[0-4]\\d|25[0-5])"
            + "\\s*,\\s*(0|[1-9]\\d?|1\\d\\d?|2[0-4]\\d|25[0-5])\\s*,\\s*(0|[1-9]\\d?|1\\d\\d?|2[0-4]\\d|25[0-5])\\s*\\)$");
    private static final Pattern OBJECT_ID = Pattern.compile("^[0-9a-fA-F]{24}$");
    private static final Pattern DURATION = Pattern.compile("^(([-+]?(\\d+(\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h))+"
            + "|0|(\\d+)\\s*(ns|us|µs|ms|s|m|h|d|w|nanoseconds?|microseconds?|milliseconds?|seconds?|minutes?|hours?"
            + "|days?|weeks?))$");
    private static final Pattern QUANTITY = Pattern.compile(
            "^[+-]?(\\d+(\\.\\d*)?|\\.\\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\\d+)?$");

    private Formats() {
    }

    private static String normalize(String format) {
        return format.replace("-", "");
    }

    /** Whether CRD schemas support the string format (otherwise it is ignored). */
    static boolean supported(String format) {
        return SUPPORTED.contains(normalize(format));
    }

    /** Whether the format registry validates this format. */
    static boolean known(String format) {
        return !format.isEmpty() && supported(format);
    }

    /** Whether {@code s} is valid in {@code format}. */
    static boolean valid(String format, String s) {
        return switch (normalize(format)) {
            case "bsonobjectid" -> OBJECT_ID.matcher(s).matches();
            case "uri" -> uri(s);
            case "email" -> EMAIL.matcher(s).matches();
            case "hostname" -> HOSTNAME.matcher(s).matches() && s.length() <= 255
                    && java.util.Arrays.stream(s.split("\\.")).allMatch(p -> p.length() <= 63);
            case "ipv4" -> IPV4.matcher(s).matches();
            case "ipv6" -> ipv6(s);
            case "cidr" -> cidr(s);
            case "mac" -> MAC.matcher(s).matches();
            case "uuid" -> UUID.matcher(s).matches();
            case "uuid3" -> UUID3.matcher(s).matches();
            case "uuid4" -> UUID4.matcher(s).matches();
            case "uuid5" -> UUID5.matcher(s).matches();
            case "isbn" -> isbn10(s) || isbn13(s);
            case "isbn10" -> isbn10(s);
            case "isbn13" -> isbn13(s);
            case "creditcard" -> creditCard(s);
            case "ssn" -> SSN.matcher(s).matches();
            case "hexcolor" -> HEXCOLOR.matcher(s).matches();
            case "rgbcolor" -> RGBCOLOR.matcher(s).matches();
            case "byte" -> BASE64.matcher(s).matches();
            case "date" -> date(s);
            case "datetime" -> dateTime(s);
            case "duration" -> DURATION.matcher(s).matches();
            case "quantity" -> QUANTITY.matcher(s).matches();
            case "k8sshortname" -> Validation.dns1123Label(s).isEmpty();
            case "k8slongname" -> Validation.dns1123Subdomain(s).isEmpty();
            default -> true;
        };
    }

    private static boolean uri(String s) {
        try {
            URI u = new URI(s);
            return u.isAbsolute() || (u.getRawPath() != null && u.getRawPath().startsWith("/"));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean ipv6(String s) {
        if (!s.contains(":") || s.startsWith("[")) {
            return false;
        }
        try {
            return Inet6Address.ofLiteral(s) != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean cidr(String s) {
        int slash = s.indexOf('/');
        if (slash < 0) {
            return false;
        }
        String ip = s.substring(0, slash);
        String bits = s.substring(slash + 1);
        if (!bits.matches("\\d{1,3}")) {
            return false;
        }
        int n = Integer.parseInt(bits);
        return IPV4.matcher(ip).matches() ? n <= 32 : ipv6(ip) && n <= 128;
    }

    private static boolean date(String s) {
        if (!s.matches("\\d{4}-\\d{2}-\\d{2}")) {
            return false;
        }
        try {
            LocalDate.parse(s);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean dateTime(String s) {
        var m = DATE_TIME.matcher(s);
        return m.matches() && date(m.group(1));
    }

    private static boolean isbn10(String s) {
        String d = s.replaceAll("[\\s-]", "");
        if (!d.matches("\\d{9}[\\dX]")) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 10; i++) {
            int v = d.charAt(i) == 'X' ? 10 : d.charAt(i) - '0';
            sum += (i + 1) * v;
        }
        return sum % 11 == 0;
    }

    private static boolean isbn13(String s) {
        String d = s.replaceAll("[\\s-]", "");
        if (!d.matches("\\d{13}")) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 12; i++) {
            sum += (d.charAt(i) - '0') * (i % 2 == 0 ? 1 : 3);
        }
        return (10 - sum % 10) % 10 == d.charAt(12) - '0';
    }

    private static boolean creditCard(String s) {
        String d = s.replaceAll("[^0-9]", "");
        if (!d.matches("(?:4[0-9]{12}(?:[0-9]{3})?|5[1-5][0-9]{14}|6(?:011|5[0-9][0-9])[0-9]{12}|3[47][0-9]{13}"
                + "|3(?:0[0-5]|[68][0-9])[0-9]{11}|(?:2131|1800|35\\d{3})\\d{11})")) {
            return false;
        }
        int sum = 0;
        boolean dbl = false;
        for (int i = d.length() - 1; i >= 0; i--) {
            int v = d.charAt(i) - '0';
            if (dbl) {
                v *= 2;
                v = v > 9 ? v - 9 : v;
            }
            sum += v;
            dbl = !dbl;
        }
        return sum % 10 == 0;
    }
}
