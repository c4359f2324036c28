package io.k3j.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronScheduleTest {

    static final ZoneId UTC = ZoneOffset.UTC;

    static Instant next(String spec, String after) {
        return CronSchedule.parse(spec, UTC).next(Instant.parse(after)).orElseThrow();
    }

    static List<Instant> times(CronSchedule s, String after, int n) {
        List<Instant> out = new ArrayList<>();
        Instant t = Instant.parse(after);
        for (int i = 0; i < n; i++) {
            t = s.next(t).orElseThrow();
            out.add(t);
        }
        return out;
    }

    @Test
    void everyMinuteAndSteps() {
        assertThat(next("*/1 * * * *", "2025-03-01T10:00:30Z")).isEqualTo("2025-03-01T10:01:00Z");
        assertThat(next("* * * * *", "2025-03-01T10:00:00Z")).isEqualTo("2025-03-01T10:01:00Z");
        assertThat(next("*/15 * * * *", "2025-03-01T10:14:59Z")).isEqualTo("2025-03-01T10:15:00Z");
        assertThat(next("*/15 * * * *", "2025-03-01T10:45:00Z")).isEqualTo("2025-03-01T11:00:00Z");
        assertThat(next("5/20 * * * *", "2025-03-01T10:26:00Z")).isEqualTo("2025-03-01T10:45:00Z");
        assertThat(next("10-20/5 3 * * *", "2025-03-01T03:16:00Z")).isEqualTo("2025-03-01T03:20:00Z");
        assertThat(next("10-20/5 3 * * *", "2025-03-01T03:20:00Z")).isEqualTo("2025-03-02T03:10:00Z");
    }

    @Test
    void listsRangesAndNames() {
        assertThat(next("0 9,17 * * *", "2025-03-01T09:00:00Z")).isEqualTo("2025-03-01T17:00:00Z");
        assertThat(next("30 8 * * mon-fri", "2025-03-01T00:00:00Z")) // a Saturday
                .isEqualTo("2025-03-03T08:30:00Z");
        assertThat(next("0 0 1 JAN,jul *", "2025-03-01T00:00:00Z")).isEqualTo("2025-07-01T00:00:00Z");
        assertThat(next("0 0 * * sun", "2025-03-01T00:00:00Z")).isEqualTo("2025-03-02T00:00:00Z");
        assertThat(CronSchedule.error("0 0 * * 7")).as("days of the week run 0-6, as robfig's")
                .isEqualTo("end of range (7) above maximum (6): 7");
        assertThat(next("0 0 29 2 *", "2025-03-01T00:00:00Z")).isEqualTo("2028-02-29T00:00:00Z");
    }

    @Test
    void restrictedDayOfMonthAndWeekMatchEither() {
        // the 13th or any Friday
        assertThat(next("0 0 13 * 5", "2025-03-01T00:00:00Z")).isEqualTo("2025-03-07T00:00:00Z");
        assertThat(next("0 0 13 * 5", "2025-03-10T00:00:00Z")).isEqualTo("2025-03-13T00:00:00Z");
        // with a wildcard day of week, the day of month alone decides
        assertThat(next("0 0 13 * *", "2025-03-01T00:00:00Z")).isEqualTo("2025-03-13T00:00:00Z");
        assertThat(next("0 0 * * 5", "2025-03-08T00:00:00Z")).isEqualTo("2025-03-14T00:00:00Z");
    }

    @Test
    void descriptors() {
        assertThat(next("@hourly", "2025-03-01T10:20:00Z")).isEqualTo("2025-03-01T11:00:00Z");
        assertThat(next("@daily", "2025-03-01T10:20:00Z")).isEqualTo("2025-03-02T00:00:00Z");
        assertThat(next("@midnight", "2025-03-01T10:20:00Z")).isEqualTo("2025-03-02T00:00:00Z");
        assertThat(next("@weekly", "2025-03-01T10:20:00Z")).isEqualTo("2025-03-02T00:00:00Z");
        assertThat(next("@monthly", "2025-03-01T10:20:00Z")).isEqualTo("2025-04-01T00:00:00Z");
        assertThat(next("@yearly", "2025-03-01T10:20:00Z")).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(next("@annually", "2025-03-01T10:20:00Z")).isEqualTo("2026-01-01T00:00:00Z");
    }

    @Test
    void timeZones() {
        CronSchedule berlin = CronSchedule.parse("0 9 * * *", ZoneId.of("Europe/Berlin"));
        assertThat(berlin.next(Instant.parse("2025-01-10T00:00:00Z"))).hasValue(Instant.parse("2025-01-10T08:00:00Z"));
        assertThat(berlin.next(Instant.parse("2025-07-10T00:00:00Z"))).hasValue(Instant.parse("2025-07-10T07:00:00Z"));
        CronSchedule prefixed = CronSchedule.parse("CRON_TZ=Asia/Tokyo 0 9 * * *", UTC);
        assertThat(prefixed.zone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
        assertThat(prefixed.next(Instant.parse("2025-01-10T00:30:00Z"))).hasValue(Instant.parse("2025-01-11T00:00:00Z"));
        assertThat(CronSchedule.parse("TZ=UTC 0 9 * * *", ZoneId.of("Asia/Tokyo")).zone()).isEqualTo(UTC);
    }

    @Test
    void daylightSavingGapIsSkippedAndOverlapRunsOnce() {
        ZoneId ny = ZoneId.of("America/New_York");
        // 2025-03-09 02:30 does not exist in New York
        CronSchedule gap = CronSchedule.parse("30 2 * * *", ny);
        assertThat(gap.next(Instant.parse("2025-03-08T08:00:00Z"))).hasValue(Instant.parse("2025-03-10T06:30:00Z"));
        // 2025-11-02 01:30 happens twice; a fixed-hour schedule runs at the first only
        CronSchedule fixed = CronSchedule.parse("30 1 * * *", ny);
        assertThat(times(fixed, "2025-11-02T04:00:00Z", 2)).containsExactly(
                Instant.parse("2025-11-02T05:30:00Z"), Instant.parse("2025-11-03T06:30:00Z"));
        // an every-hour schedule runs in both
        CronSchedule hourly = CronSchedule.parse("30 * * * *", ny);
        assertThat(times(hourly, "2025-11-02T04:45:00Z", 3)).containsExactly(
                Instant.parse("2025-11-02T05:30:00Z"), Instant.parse("2025-11-02T06:30:00Z"),
                Instant.parse("2025-11-02T07:30:00Z"));
        // every 15 minutes keeps going in order through the repeated hour
        CronSchedule quarter = CronSchedule.parse("*/15 * * * *", ny);
        assertThat(times(quarter, "2025-11-02T05:40:00Z", 3)).containsExactly(
                Instant.parse("2025-11-02T05:45:00Z"), Instant.parse("2025-11-02T06:00:00Z"),
                Instant.parse("2025-11-02T06:15:00Z"));
    }

    @Test
    void badSpecsAreRejectedWithAReason() {
        assertThatThrownBy(() -> CronSchedule.parse("", UTC)).hasMessage("empty spec string");
        assertThatThrownBy(() -> CronSchedule.parse("* * * *", UTC)).hasMessageContaining("expected exactly 5 fields");
        assertThatThrownBy(() -> CronSchedule.parse("60 * * * *", UTC)).hasMessageContaining("above maximum (59)");
        assertThatThrownBy(() -> CronSchedule.parse("* * 0 * *", UTC)).hasMessageContaining("below minimum (1)");
        assertThatThrownBy(() -> CronSchedule.parse("5-1 * * * *", UTC)).hasMessageContaining("beyond end of range");
        assertThatThrownBy(() -> CronSchedule.parse("*/0 * * * *", UTC)).hasMessageContaining("positive");
        assertThatThrownBy(() -> CronSchedule.parse("x * * * *", UTC)).hasMessageContaining("failed to parse int");
        assertThatThrownBy(() -> CronSchedule.parse("@every-day", UTC)).hasMessageContaining("unrecognized descriptor");
        assertThatThrownBy(() -> CronSchedule.parse("CRON_TZ=Mars/Base 0 * * * *", UTC))
                .hasMessageContaining("unknown time zone Mars/Base");
    }

    @Test
    void impossibleDateHasNoNextTime() {
        assertThat(CronSchedule.parse("0 0 30 2 *", UTC).next(Instant.parse("2025-01-01T00:00:00Z"))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "OK", value = {
        "0 0 * * *|OK",
        "*/15 9-17 * * mon-fri|OK",
        "0 0 1 jan,jul ?|OK",
        "@every 1h30m|OK",
        "@daily|OK",
        "@sometimes|unrecognized descriptor: @sometimes",
        "60 * * * *|end of range (60) above maximum (59): 60",
        "* * 0 * *|beginning of range (0) below minimum (1): 0",
        "* * * * 7|end of range (7) above maximum (6): 7",
        "5-1 * * * *|beginning of range (5) beyond end of range (1): 5-1",
        "*/0 * * * *|step of range should be a positive number: */0",
        "x * * * *|failed to parse int from x: strconv.Atoi: parsing \"x\": invalid syntax",
        "1-2-3 * * * *|too many hyphens: 1-2-3",
        "1/2/3 * * * *|too many slashes: 1/2/3",
        "*-5 * * * *|OK",
        "-1 * * * *|failed to parse int from : strconv.Atoi: parsing \"\": invalid syntax",
        "@every 90s|OK",
        "@every 0|OK",
        "@every 5x|failed to parse duration @every 5x: time: invalid duration \"5x\"",
        "@Daily|unrecognized descriptor: @Daily",
        "CRON_TZ=Europe/Berlin 0 9 * * *|OK",
        "TZ=Mars/Olympus 0 9 * * *|provided bad location Mars/Olympus: unknown time zone Mars/Olympus",
        "TZ=UTC|provided bad location UTC: unknown time zone UTC"})
    void schedulesParseLikeRobfigCron(String schedule, String error) {
        assertThat(CronSchedule.error(schedule)).isEqualTo(error);
    }

    @Test
    void everyIsAConstantDelayOfWholeSeconds() {
        CronSchedule s = CronSchedule.parse("@every 1h30m", UTC);
        assertThat(times(s, "2025-03-01T10:00:30.700Z", 2))
                .containsExactly(Instant.parse("2025-03-01T11:30:30Z"), Instant.parse("2025-03-01T13:00:30Z"));
        assertThat(next("@every 1.5s", "2025-03-01T10:00:00Z")).as("the fraction dropped")
                .isEqualTo("2025-03-01T10:00:01Z");
        assertThat(next("@every 10ms", "2025-03-01T10:00:00Z")).as("at least a second")
                .isEqualTo("2025-03-01T10:00:01Z");
    }
}
