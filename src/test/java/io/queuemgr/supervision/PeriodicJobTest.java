package io.queuemgr.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.queuemgr.testing.TestSupervisors;

class PeriodicJobTest {

    private final LoopSupervisor supervisor = TestSupervisors.quick(3);
    private PeriodicJob job;

    @AfterEach
    void stop() {
        if (job != null) {
            job.stop();
        }
    }

    @Test
    void aJobRunsAgainAndAgainOnAThreadNamedAfterItUntilStopped() {
        AtomicInteger runs = new AtomicInteger();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        job = supervisor.schedule("sweep", Duration.ofMillis(10), () -> {
            runs.incrementAndGet();
            threads.add(Thread.currentThread().getName());
        });
        job.start();
        job.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() >= 3);
        job.stop();
        int afterStop = runs.get();
        assertThat(threads).containsExactly("queuemgr-sweep");
        await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(1)).until(() -> runs.get() == afterStop);
    }

    @Test
    void aRunThatFailsIsReportedAndTheNextRunStillComes() {
        AtomicInteger runs = new AtomicInteger();
        job = supervisor.schedule("flaky-sweep", Duration.ofMillis(10), () -> {
            if (runs.incrementAndGet() == 1) {
                throw new IllegalStateException("first run fails");
            }
        });
        supervisor.injectFault("flaky-sweep", new IllegalStateException("injected"));
        job.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> supervisor.notRunning().contains("flaky-sweep failing"));
        supervisor.clearFault("flaky-sweep");
        await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() >= 2 && supervisor.notRunning().isEmpty());
        assertThat(supervisor.givenUp()).isEmpty();
    }
}
