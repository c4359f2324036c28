package io.k3j.api;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CronJob schedule as upstream reads it, with robfig/cron's standard parser (the API server to
 * validate, the CronJob controller to run): five fields (minute, hour, day of month, month, day
 * of week) with {@code *}, {@code ?}, values, ranges {@code a-b}, steps {@code /n}, lists and
 * month/day names; or a descriptor ({@code @yearly}, {@code @annually}, {@code @monthly},
 * {@code @weekly}, {@code @daily}, {@code @midnight}, {@code @hourly}, {@code @every <duration>});
 * an optional {@code CRON_TZ=}/{@code TZ=} prefix names the time zone. Parse errors carry
 * robfig's messages. As in robfig, when both day fields are restricted a day matching either
 * runs. Wall-clock times skipped by a daylight-saving gap do not run; times repeated by an
 * overlap run once (at the earlier offset) unless the hour field is {@code *}. Immutable and
 * thread-safe.
 */
public final class CronSchedule {

    private record Field(int min, int max, Map<String, Integer> names) {
    }

    private static final Map<String, Integer> MONTHS = Map.ofEntries(Map.entry("jan", 1), Map.entry("feb", 2),
            Map.entry("mar", 3), Map.entry("apr", 4), Map.entry("may", 5), Map.entry("jun", 6), Map.entry("jul", 7),
            Map.entry("aug", 8), Map.entry("sep", 9), Map.entry("oct", 10), Map.entry("nov", 11),
            Map.entry("dec", 12));
    private static final Map<String, Integer> DAYS = Map.of("sun", 0, "mon", 1, "tue", 2, "wed", 3, "thu", 4,
            "fri", 5, "sat", 6);
    private static final List<Field> FIELDS = List.of(new Field(0, 59, Map.of()), new Field(0, 23, Map.of()),
            new Field(1, 31, Map.of()), new Field(1, 12, MONTHS), new Field(0, 6, DAYS));
    private static final Map<String, String> DESCRIPTORS = Map.of("@yearly", "0 0 1 1 *", "@annually",
            "0 0 1 1 *", "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight",
            "0 0 * * *", "@hourly", "0 * * * *");
    private static final String EVERY = "@every ";
    /** A Go duration: an optional sign, then numbers with units, or a bare 0. */
    private static final Pattern GO_DURATION =
            Pattern.compile("[-+]?(?:(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:ns|us|µs|μs|ms|s|m|h))+|[-+]?0");
    private static final Pattern GO_DURATION_PART = Pattern.compile("([0-9]*(?:\\.[0-9]*)?)(ns|us|µs|μs|ms|s|m|h)");
    private static final Pattern GO_INT = Pattern.compile("[+-]?[0-9]+");
    /** How far ahead {@link #next} looks before giving up (robfig gives up after five years too). */
    private static final int MAX_YEARS = 5;

    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean domStar;
    private final boolean dowStar;
    private final boolean hourStar;
    /** For {@code @every}: the constant delay; null for a five-field schedule. */
    private final Duration every;
    private final ZoneId zone;

    private CronSchedule(BitSet[] sets, boolean[] stars, Duration every, ZoneId zone) {
        this.minutes = sets == null ? null : sets[0];
        this.hours = sets == null ? null : sets[1];
        this.daysOfMonth = sets == null ? null : sets[2];
        this.months = sets == null ? null : sets[3];
        this.daysOfWeek = sets == null ? null : sets[4];
        this.hourStar = stars != null && stars[1];
        this.domStar = stars != null && stars[2];
        this.dowStar = stars != null && stars[4];
        this.every = every;
        this.zone = zone;
    }

    /** robfig's parse error for {@code spec}, or null when it parses. */
    public static String error(String spec) {
        try {
            parse(spec, ZoneOffset.UTC);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /**
     * Parses {@code spec}; times are read in its {@code CRON_TZ=} zone, else in {@code zone}.
     *
     * @throws IllegalArgumentException with robfig's message for what is wrong
     */
    public static CronSchedule parse(String spec, ZoneId zone) {
        if (spec == null || spec.isEmpty()) {
            throw new IllegalArgumentException("empty spec string");
        }
        String s = spec;
        if (s.startsWith("TZ=") || s.startsWith("CRON_TZ=")) {
            int eq = s.indexOf('=');
            int space = s.indexOf(' ');
            if (space < 0) {
                String name = s.substring(eq + 1);
                throw new IllegalArgumentException("provided bad location " + name + ": unknown time zone " + name);
            }
            zone = zone(s.substring(eq + 1, space));
            s = s.substring(space).strip();
        }
        if (s.startsWith("@")) {
            if (s.startsWith(EVERY)) {
                return new CronSchedule(null, null, every(s), zone);
            }
            String expanded = DESCRIPTORS.get(s);
            if (expanded == null) {
                throw new IllegalArgumentException("unrecognized descriptor: " + s);
            }
            s = expanded;
        }
        String[] fields = s.isBlank() ? new String[0] : s.strip().split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("expected exactly 5 fields, found " + fields.length + ": ["
                    + String.join(" ", fields) + "]");
        }
        BitSet[] sets = new BitSet[5];
        boolean[] stars = new boolean[5];
        for (int i = 0; i < 5; i++) {
            sets[i] = new BitSet();
            for (String expr : fields[i].split(",", -1)) {
                stars[i] |= range(expr, FIELDS.get(i), sets[i]);
            }
        }
        return new CronSchedule(sets, stars, null, zone);
    }

    /** The zone named {@code name} (a tz database name, or UTC/Local as Go accepts). */
    public static ZoneId zone(String name) {
        if (name.isEmpty() || name.equals("UTC")) {
            return ZoneOffset.UTC;
        }
        if (name.equals("Local")) {
            return ZoneId.systemDefault();
        }
        try {
            return ZoneId.of(name);
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("provided bad location " + name + ": unknown time zone " + name);
        }
    }

    /** robfig's Every: the duration, at least a second, without its fraction of a second. */
    private static Duration every(String descriptor) {
        String text = descriptor.substring(EVERY.length());
        if (!GO_DURATION.matcher(text).matches()) {
            throw new IllegalArgumentException("failed to parse duration " + descriptor + ": time: invalid duration "
                    + GoQuote.quote(text));
        }
        double nanos = 0;
        Matcher part = GO_DURATION_PART.matcher(text);
        while (part.find()) {
            double unit = switch (part.group(2)) {
                case "ns" -> 1;
                case "us", "µs", "μs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
            nanos += Double.parseDouble(part.group(1)) * unit;
        }
        if (text.startsWith("-")) {
            nanos = -nanos;
        }
        long seconds = (long) Math.min(nanos / 1e9, Long.MAX_VALUE / 1e9);
        return Duration.ofSeconds(Math.max(1, seconds));
    }

    /** robfig's getRange: sets the bits of "*", "?", "a" or "a-b", each with an optional "/step"; true for a wildcard. */
    private static boolean range(String expr, Field f, BitSet bits) {
        String[] rangeAndStep = expr.split("/", -1);
        String[] lowAndHigh = rangeAndStep[0].split("-", -1);
        boolean single = lowAndHigh.length == 1;
        long start;
        long end;
        boolean star = false;
        if (lowAndHigh[0].equals("*") || lowAndHigh[0].equals("?")) {
            start = f.min();
            end = f.max();
            star = true;
        } else {
            start = intOrName(lowAndHigh[0], f.names());
            if (lowAndHigh.length == 1) {
                end = start;
            } else if (lowAndHigh.length == 2) {
                end = intOrName(lowAndHigh[1], f.names());
            } else {
                throw new IllegalArgumentException("too many hyphens: " + expr);
            }
        }
        long step = 1;
        if (rangeAndStep.length == 2) {
            step = number(rangeAndStep[1]);
            if (single) {
                end = f.max();
            }
            if (step > 1) {
                star = false;
            }
        } else if (rangeAndStep.length > 2) {
            throw new IllegalArgumentException("too many slashes: " + expr);
        }
        if (start < f.min()) {
            throw new IllegalArgumentException("beginning of range (" + start + ") below minimum (" + f.min() + "): "
                    + expr);
        } else if (end > f.max()) {
            throw new IllegalArgumentException("end of range (" + end + ") above maximum (" + f.max() + "): " + expr);
        } else if (start > end) {
            throw new IllegalArgumentException("beginning of range (" + start + ") beyond end of range (" + end
                    + "): " + expr);
        } else if (step == 0) {
            throw new IllegalArgumentException("step of range should be a positive number: " + expr);
        }
        for (long v = start; v <= end; v += step) {
            bits.set((int) v);
        }
        return star;
    }

    private static long intOrName(String expr, Map<String, Integer> names) {
        Integer named = names.get(expr.toLowerCase(Locale.ROOT));
        return named != null ? named : number(expr);
    }

    /** robfig's mustParseInt: a non-negative int, as Go's strconv.Atoi reads it. */
    private static long number(String expr) {
        if (!GO_INT.matcher(expr).matches()) {
            throw new IllegalArgumentException("failed to parse int from " + expr + ": strconv.Atoi: parsing "
                    + GoQuote.quote(expr) + ": invalid syntax");
        }
        long n;
        try {
            n = Long.parseLong(expr.startsWith("+") ? expr.substring(1) : expr);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("failed to parse int from " + expr + ": strconv.Atoi: parsing "
                    + GoQuote.quote(expr) + ": value out of range");
        }
        if (n < 0) {
            throw new IllegalArgumentException("negative number (" + n + ") not allowed: " + expr);
        }
        return n;
    }

    public ZoneId zone() {
        return zone;
    }

    /**
     * The first scheduled time strictly after {@code after}, or empty when none comes within five
     * years; for {@code @every}, {@code after} (whole seconds) plus the delay, as robfig's.
     */
    public Optional<Instant> next(Instant after) {
        if (every != null) {
            return Optional.of(after.truncatedTo(ChronoUnit.SECONDS).plus(every));
        }
        ZonedDateTime from = after.truncatedTo(ChronoUnit.MINUTES).atZone(zone);
        LocalDateTime startLocal = from.toLocalDateTime();
        LocalDate day = startLocal.toLocalDate();
        LocalDate last = day.plusYears(MAX_YEARS);
        // no time before this can be after `after`, even across an offset change
        LocalDateTime floor = startLocal.minusHours(3);
        for (; !day.isAfter(last); day = day.plusDays(1)) {
            if (!months.get(day.getMonthValue())) {
                day = day.withDayOfMonth(day.lengthOfMonth());
                continue;
            }
            if (!dayMatches(day)) {
                continue;
            }
            Instant best = null;
            for (int h = hours.nextSetBit(0); h >= 0; h = hours.nextSetBit(h + 1)) {
                for (int m = minutes.nextSetBit(0); m >= 0; m = minutes.nextSetBit(m + 1)) {
                    LocalDateTime local = day.atTime(LocalTime.of(h, m));
                    if (local.isBefore(floor)) {
                        continue;
                    }
                    Instant at = instant(local, after);
                    if (at != null && (best == null || at.isBefore(best))) {
                        best = at;
                    }
                }
            }
            if (best != null) {
                return Optional.of(best);
            }
        }
        return Optional.empty();
    }

    /** The instant {@code local} names that is after {@code after}, or null, applying the gap and overlap rules. */
    private Instant instant(LocalDateTime local, Instant after) {
        List<ZoneOffset> offsets = zone.getRules().getValidOffsets(local);
        if (offsets.isEmpty()) {
            return null;
        }
        Instant earlier = local.toInstant(offsets.getFirst());
        if (earlier.isAfter(after)) {
            return earlier;
        }
        if (offsets.size() == 2 && hourStar) {
            Instant later = local.toInstant(offsets.get(1));
            if (later.isAfter(after)) {
                return later;
            }
        }
        return null;
    }

    private boolean dayMatches(LocalDate day) {
        boolean dom = daysOfMonth.get(day.getDayOfMonth());
        DayOfWeek dw = day.getDayOfWeek();
        boolean dow = daysOfWeek.get(dw.getValue() % 7);
        return domStar || dowStar ? dom && dow : dom || dow;
    }
}
