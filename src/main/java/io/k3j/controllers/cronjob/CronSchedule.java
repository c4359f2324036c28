package io.k3j.controllers.cronjob;

import java.time.DayOfWeek;
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

/**
 * A parsed cron schedule as upstream's CronJob controller reads it (robfig/cron's standard
 * parser): five fields (minute, hour, day of month, month, day of week) with {@code *}, {@code ?},
 * values, ranges {@code a-b}, steps {@code /n}, lists and month/day names, or a descriptor
 * ({@code @yearly}, {@code @annually}, {@code @monthly}, {@code @weekly}, {@code @daily},
 * {@code @midnight}, {@code @hourly}); an optional {@code CRON_TZ=}/{@code TZ=} prefix names the
 * time zone. As in robfig, when both day fields are restricted a day matching either runs.
 * Wall-clock times skipped by a daylight-saving gap do not run; times repeated by an overlap run
 * once (at the earlier offset) unless the hour field is {@code *}. Immutable and thread-safe.
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
            new Field(1, 31, Map.of()), new Field(1, 12, MONTHS), new Field(0, 7, DAYS));
    private static final Map<String, String> DESCRIPTORS = Map.of("@yearly", "0 0 1 1 *", "@annually",
            "0 0 1 1 *", "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight",
            "0 0 * * *", "@hourly", "0 * * * *");
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
    private final ZoneId zone;

    private CronSchedule(BitSet[] sets, boolean[] stars, ZoneId zone) {
        this.minutes = sets[0];
        this.hours = sets[1];
        this.daysOfMonth = sets[2];
        this.months = sets[3];
        this.daysOfWeek = sets[4];
        this.hourStar = stars[1];
        this.domStar = stars[2];
        this.dowStar = stars[4];
        this.zone = zone;
    }

    /**
     * Parses {@code spec}; times are read in its {@code CRON_TZ=} zone, else in {@code zone}.
     *
     * @throws IllegalArgumentException with a message saying what is wrong
     */
    public static CronSchedule parse(String spec, ZoneId zone) {
        String s = spec == null ? "" : spec.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty spec string");
        }
        if (s.startsWith("TZ=") || s.startsWith("CRON_TZ=")) {
            int space = s.indexOf(' ');
            String name = space < 0 ? s.substring(s.indexOf('=') + 1) : s.substring(s.indexOf('=') + 1, space);
            zone = zone(name);
            s = space < 0 ? "" : s.substring(space).strip();
        }
        if (s.startsWith("@")) {
            String expanded = DESCRIPTORS.get(s.toLowerCase(Locale.ROOT));
            if (expanded == null) {
                throw new IllegalArgumentException("unrecognized descriptor: " + s);
            }
            s = expanded;
        }
        String[] fields = s.isEmpty() ? new String[0] : s.split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("expected exactly 5 fields, found " + fields.length + ": [" + s + "]");
        }
        BitSet[] sets = new BitSet[5];
        boolean[] stars = new boolean[5];
        for (int i = 0; i < 5; i++) {
            sets[i] = new BitSet();
            for (String expr : fields[i].split(",", -1)) {
                stars[i] |= range(expr, FIELDS.get(i), sets[i]);
            }
        }
        if (sets[4].get(7)) {
            sets[4].set(0); // 7 is Sunday too
        }
        return new CronSchedule(sets, stars, zone);
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

    /** Sets the bits of one list element ("*", "a", "a-b", each with an optional "/step"); true when a wildcard. */
    private static boolean range(String expr, Field f, BitSet bits) {
        String[] rangeAndStep = expr.split("/", -1);
        if (rangeAndStep.length > 2) {
            throw new IllegalArgumentException("too many slashes: " + expr);
        }
        String[] lowAndHigh = rangeAndStep[0].split("-", -1);
        int start;
        int end;
        boolean star = false;
        if (lowAndHigh[0].equals("*") || lowAndHigh[0].equals("?")) {
            if (lowAndHigh.length > 1) {
                throw new IllegalArgumentException("too many hyphens: " + expr);
            }
            start = f.min();
            end = f.max() == 7 ? 6 : f.max();
            star = true;
        } else {
            if (lowAndHigh.length > 2) {
                throw new IllegalArgumentException("too many hyphens: " + expr);
            }
            start = value(lowAndHigh[0], f, expr);
            end = lowAndHigh.length == 2 ? value(lowAndHigh[1], f, expr) : start;
        }
        int step = 1;
        if (rangeAndStep.length == 2) {
            step = value(rangeAndStep[1], new Field(0, Integer.MAX_VALUE, Map.of()), expr);
            if (step <= 0) {
                throw new IllegalArgumentException("step of range should be a positive number: " + expr);
            }
            if (lowAndHigh.length == 1 && !star) {
                end = f.max() == 7 ? 6 : f.max();
            }
            if (step > 1) {
                star = false;
            }
        }
        if (start > end) {
            throw new IllegalArgumentException("beginning of range (" + start + ") beyond end of range (" + end
                    + "): " + expr);
        }
        for (int v = start; v <= end; v += step) {
            bits.set(v);
        }
        return star;
    }

    private static int value(String text, Field f, String expr) {
        Integer named = f.names().get(text.toLowerCase(Locale.ROOT));
        int v;
        if (named != null) {
            v = named;
        } else {
            if (!text.matches("[0-9]{1,9}")) {
                throw new IllegalArgumentException("failed to parse int from " + text + ": " + expr);
            }
            v = Integer.parseInt(text);
        }
        if (v < f.min()) {
            throw new IllegalArgumentException("beginning of range (" + v + ") below minimum (" + f.min() + "): "
                    + expr);
        }
        if (v > f.max()) {
            throw new IllegalArgumentException("end of range (" + v + ") above maximum (" + f.max() + "): " + expr);
        }
        return v;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The first scheduled time strictly after {@code after}, or empty when none comes within five years. */
    public Optional<Instant> next(Instant after) {
        ZonedDateTime from = after.truncatedTo(ChronoUnit.MINUTES).atZone(zone);
        LocalDateTime startLocal = from.toLocalDateTime();
        LocalDate day = startLocal.toLocalDate();
        LocalDate last = day.plusYears(MAX_YEARS);
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
                    if (local.isBefore(startLocal.minusHours(3))) {
                        continue; // cannot be after `after`, even across an offset change
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
