package io.queuemgr.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class CronScheduleTest {

    private static final Instant NEW_YEAR = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void fiveFieldsAreUnixCronWithOneForMonday() {
        CronSchedule mondays = CronSchedule.of("0 9 * * 1", ZoneOffset.UTC);
        assertThat(mondays.next(NEW_YEAR)).isEqualTo(Instant.parse("2026-01-05T09:00:00Z"));
    }

    @Test
    void sixFieldsPutSecondsFirstAndKeepUnixDayNumbers() {
        assertThat(CronSchedule.of("* * * * * *", ZoneOffset.UTC).next(NEW_YEAR, 3)).containsExactly(
                Instant.parse("2026-01-01T00:00:01Z"), Instant.parse("2026-01-01T00:00:02Z"),
                Instant.parse("2026-01-01T00:00:03Z"));
        assertThat(CronSchedule.of("0 0 9 * * 1", ZoneOffset.UTC).next(NEW_YEAR))
                .isEqualTo(Instant.parse("2026-01-05T09:00:00Z"));
    }

    @Test
    void theTimeZoneFollowsDaylightSavingTime() {
        CronSchedule nineInBerlin = CronSchedule.of("0 9 * * *", ZoneId.of("Europe/Berlin"));
        assertThat(nineInBerlin.next(NEW_YEAR)).isEqualTo(Instant.parse("2026-01-01T08:00:00Z"));
        assertThat(nineInBerlin.next(Instant.parse("2026-07-01T00:00:00Z")))
                .isEqualTo(Instant.parse("2026-07-01T07:00:00Z"));
    }

    @Test
    void theNextTimeIsStrictlyAfterTheGivenOne() {
        CronSchedule hourly = CronSchedule.of("0 * * * *", ZoneOffset.UTC);
        assertThat(hourly.next(NEW_YEAR)).isEqualTo(Instant.parse("2026-01-01T01:00:00Z"));
    }

    @Test
    void fireTimesAreWholeSecondsWhateverTheFractionOfNow() {
        CronSchedule everySecond = CronSchedule.of("* * * * * *", ZoneOffset.UTC);
        assertThat(everySecond.next(NEW_YEAR.plusMillis(250))).isEqualTo(Instant.parse("2026-01-01T00:00:01Z"));
        assertThat(everySecond.next(NEW_YEAR.plusMillis(999))).isEqualTo(Instant.parse("2026-01-01T00:00:01Z"));
    }

    @Test
    void expressionsThatAreNoCronAreToldWhy() {
        assertThat(CronSchedule.problem("61 * * * *")).hasValueSatisfying(
                why -> assertThat(why).startsWith(CronSchedule.FORMS).contains("61"));
        assertThat(CronSchedule.problem("every minute")).isPresent();
        assertThat(CronSchedule.problem("* * * *")).isPresent();
        assertThat(CronSchedule.problem("*/5 * * * *")).isEmpty();
    }

    @Test
    void aFiringsTaskIdAndKeyDependOnTheScheduleAndTheFireTimeAlone() {
        Schedule a = schedule(UUID.randomUUID());
        Instant t = Instant.parse("2026-01-01T00:00:05Z");
        assertThat(a.taskIdAt(t)).isEqualTo(a.taskIdAt(Instant.parse("2026-01-01T00:00:05Z")));
        assertThat(a.taskIdAt(t)).isNotEqualTo(a.taskIdAt(t.plusSeconds(1)));
        assertThat(schedule(UUID.randomUUID()).taskIdAt(t)).isNotEqualTo(a.taskIdAt(t));
        assertThat(a.taskIdAt(t).version()).isEqualTo(7);
        assertThat(a.idempotencyKeyAt(t)).isEqualTo("schedule:nightly:2026-01-01T00:00:05Z:" + a.id());
    }

    private static Schedule schedule(UUID id) {
        return new Schedule(id, "nightly", "* * * * * *", "UTC", "{\"type\":\"noop\"}", Overlap.ALLOW, false,
                NEW_YEAR, null, null, true, null, null, "admin", NEW_YEAR, NEW_YEAR);
    }
}
