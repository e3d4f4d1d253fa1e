package io.queuemgr.schedule;

import static io.queuemgr.schedule.ScheduleFiringTest.delete;
import static io.queuemgr.schedule.ScheduleFiringTest.fireTime;
import static io.queuemgr.schedule.ScheduleFiringTest.unique;
import static io.queuemgr.testing.ScheduleApi.aSchedule;
import static io.queuemgr.testing.ScheduleApi.countTagged;
import static io.queuemgr.testing.ScheduleApi.created;
import static io.queuemgr.testing.ScheduleApi.tasksTagged;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.config.PgListening;
import io.queuemgr.peer.TaskHolders;
import io.queuemgr.registry.TaskRegistry;
import io.queuemgr.submission.SubmissionService;
import io.queuemgr.supervision.LoopSupervisor;
import io.queuemgr.testing.LocalStackResource;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Two firers on one table, as two instances have: this service's and a second one with its own copy of the
 * schedules. Each slot is taken by one of them, and makes one task.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class ScheduleRaceTest {

    @Inject
    ScheduleFirer firer;
    @Inject
    ScheduleStore store;
    @Inject
    ScheduleTemplate template;
    @Inject
    SubmissionService submissions;
    @Inject
    FiringSubmission firing;
    @Inject
    TaskRegistry registry;
    @Inject
    TaskHolders holders;
    @Inject
    Clock clock;
    @Inject
    ScheduleConfig config;
    @Inject
    LoopSupervisor supervisor;
    @Inject
    Pool pool;
    @Inject
    PgListening listening;
    @Inject
    ScheduleCatalog catalog;

    @Test
    void twoInstancesTakeEachSlotOnceAndMakeOneTaskPerFireTime() {
        ScheduleCatalog otherCopy = new ScheduleCatalog(store, pool, listening, config);
        ScheduleFirer other = new ScheduleFirer(otherCopy, store, firing, registry, holders, clock, config, supervisor);
        List<String> taken = new CopyOnWriteArrayList<>();
        firer.onFired((name, at) -> taken.add(name + "@" + at));
        other.onFired((name, at) -> taken.add(name + "@" + at));
        String name = unique("race");
        other.start();
        try {
            created(aSchedule(name, "* * * * * *", "allow", name, 0));
            await().atMost(Duration.ofSeconds(40)).until(() -> countTagged(name) >= 6);
            delete(name);
        } finally {
            other.stop();
            firer.onFired((n, at) -> {
            });
        }
        List<String> mine = taken.stream().filter(t -> t.startsWith(name + "@")).toList();
        assertThat(mine).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(6);
        Map<Instant, Long> tasksPerFireTime = tasksTagged(name).stream()
                .map(t -> fireTime(t.getString("idempotencyKey")))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(tasksPerFireTime.values()).allMatch(n -> n == 1);
        assertThat(tasksPerFireTime.keySet()).containsExactlyInAnyOrderElementsOf(
                mine.stream().map(t -> Instant.parse(t.substring(t.indexOf('@') + 1))).toList());
        given().get("/api/schedules/" + name).then().statusCode(404);
    }

    @Test
    void aFiringWhoseInstanceDiedBeforeRecordingItIsSubmittedAgainAsTheSameTask() throws Exception {
        String name = unique("orphan");
        created(aSchedule(name, "0 0 * * * *", "allow", name, 0));
        Schedule s = catalog.find(name).orElseThrow();
        Instant fireAt = s.nextFireAt();
        // The dead instance took the slot and got its task into Kafka, but not the submission into the table.
        Schedule fired = s.fired(fireAt, s.times().next(fireAt), ScheduleStore.micros(clock.instant()));
        assertThat(store.claim(s, fired).await().atMost(Duration.ofSeconds(10))).isTrue();
        submissions.submitAsync(template.submission(s.task()), s.taskIdAt(fireAt), s.idempotencyKeyAt(fireAt),
                "schedule", s.createdBy()).get();
        catalog.announce().await().atMost(Duration.ofSeconds(10));

        // After the claim timeout (2 s in tests) another look submits the firing again: the same task.
        await().atMost(Duration.ofSeconds(30)).until(() -> catalog.find(name).orElseThrow().lastSubmitted());
        Schedule after = catalog.find(name).orElseThrow();
        assertThat(after.lastTaskId()).isEqualTo(s.taskIdAt(fireAt));
        assertThat(after.lastError()).isNull();
        assertThat(after.claimedAt()).isAfter(fired.claimedAt());
        assertThat(tasksTagged(name)).singleElement()
                .satisfies(t -> assertThat(t.getString("id")).isEqualTo(s.taskIdAt(fireAt).toString()));
        delete(name);
    }
}
