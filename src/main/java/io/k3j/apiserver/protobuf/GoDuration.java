package io.k3j.apiserver.protobuf;

/** Go's text form of a duration ({@code time.Duration.String}): "1h0m0s", "1.5s", "300ms", "0s". */
final class GoDuration {

    private GoDuration() {
    }

    static String format(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        String sign = nanos < 0 ? "-" : "";
        // magnitude as unsigned, so that Long.MIN_VALUE works too
        long u = nanos < 0 ? -nanos : nanos;
        if (Long.compareUnsigned(u, 1_000_000_000L) < 0) {
            if (u < 1_000) {
                return sign + u + "ns";
            }
            return u < 1_000_000 ? sign + decimal(u, 1_000) + "µs" : sign + decimal(u, 1_000_000) + "ms";
        }
        long hours = Long.divideUnsigned(u, 3_600_000_000_000L);
        long rest = Long.remainderUnsigned(u, 3_600_000_000_000L);
        long minutes = rest / 60_000_000_000L;
        String seconds = decimal(rest % 60_000_000_000L, 1_000_000_000L) + "s";
        if (hours > 0) {
            return sign + hours + "h" + minutes + "m" + seconds;
        }
        return minutes > 0 ? sign + minutes + "m" + seconds : sign + seconds;
    }

    /** {@code value / unit} with the fraction's trailing zeros dropped. */
    private static String decimal(long value, long unit) {
        long whole = value / unit;
        long frac = value % unit;
        if (frac == 0) {
            return Long.toString(whole);
        }
        String digits = Long.toString(frac + unit).substring(1);
        int last = digits.length();
        while (digits.charAt(last - 1) == '0') {
            last--;
        }
        return whole + "." + digits.substring(0, last);
    }
}
