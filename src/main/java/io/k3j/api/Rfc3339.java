package io.k3j.api;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Reads RFC 3339 times as Kubernetes writes them. The form every server writes,
 * {@code 2006-01-02T15:04:05Z}, is read without the general parser, which was a visible cost of
 * each write's managed-fields bookkeeping; anything else goes to {@link OffsetDateTime}.
 */
public final class Rfc3339 {

    private Rfc3339() {
    }

    /** Seconds since the epoch; throws {@link DateTimeParseException} when {@code s} is not a valid time. */
    public static long epochSeconds(String s) {
        if (s.length() == 20 && s.charAt(4) == '-' && s.charAt(7) == '-' && s.charAt(10) == 'T'
                && s.charAt(13) == ':' && s.charAt(16) == ':' && s.charAt(19) == 'Z') {
            int year = digits(s, 0, 4);
            int month = digits(s, 5, 2);
            int day = digits(s, 8, 2);
            int hour = digits(s, 11, 2);
            int minute = digits(s, 14, 2);
            int second = digits(s, 17, 2);
            if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= java.time.YearMonth.of(year, month)
                    .lengthOfMonth() && hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0
                    && second <= 59) {
                return java.time.LocalDate.of(year, month, day).toEpochDay() * 86_400L + hour * 3_600L
                        + minute * 60L + second;
            }
        }
        return OffsetDateTime.parse(s).toEpochSecond();
    }

    /** Whether {@code s} is a valid RFC 3339 time. */
    public static boolean valid(String s) {
        try {
            epochSeconds(s);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static int digits(String s, int from, int count) {
        int n = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
