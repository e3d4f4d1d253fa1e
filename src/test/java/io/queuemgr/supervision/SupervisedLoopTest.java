package io.queuemgr.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.queuemgr.testing.TestSupervisors;

class SupervisedLoopTest {

    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private LoopSupervisor supervisor = supervisor(3);
    private SupervisedLoop loop;

    private LoopSupervisor supervisor(int maxFailuresInARow) {
        return TestSupervisors.quick(maxFailuresInARow, metrics);
    }

    @AfterEach
    void stop() {
        if (loop != null) {
            loop.stop(null, Duration.ofSeconds(5));
        }
    }

    /** A session that polls (parks a millisecond a round) until the loop is stopped. */
    private static void idle(SupervisedLoop l) {
        while (l.active()) {
            l.checkpoint();
            LockSupport.parkNanos(1_000_000);
        }
    }

    @Test
    void aLoopThatFailsIsRestartedAndRunsAgain() {
        AtomicInteger sessions = new AtomicInteger();
        loop = supervisor.loop("flaky", l -> {
            if (sessions.incrementAndGet() <= 2) {
                throw new IllegalStateException("boom " + sessions.get());
            }
            idle(l);
        });
        loop.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> loop.state() == SupervisedLoop.State.RUNNING);
        assertThat(loop.restarts()).isEqualTo(2);
        assertThat(loop.lastError()).hasMessage("boom 2");
        assertThat(supervisor.notRunning()).isEmpty();
        assertThat(metrics.get("queuemgr.loop.restarts").tag("loop", "flaky").functionCounter().count())
                .isEqualTo(2);
    }

    @Test
    void aLoopThatKeepsFailingIsGivenUp() {
        loop = supervisor.loop("broken", l -> {
            throw new IllegalStateException("always");
        });
        loop.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> loop.state() == SupervisedLoop.State.FAILED);
        assertThat(supervisor.givenUp()).containsExactly("broken");
        assertThat(loop.restarts()).isEqualTo(4);
    }

    @Test
    void anInjectedFaultRestartsTheLoopUntilItIsCleared() {
        supervisor = supervisor(1000);
        AtomicInteger sessions = new AtomicInteger();
        loop = supervisor.loop("target", l -> {
            sessions.incrementAndGet();
            idle(l);
        });
        loop.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> loop.state() == SupervisedLoop.State.RUNNING);
        supervisor.injectFault("target", new IllegalStateException("injected"));
        await().atMost(Duration.ofSeconds(5)).until(() -> !supervisor.notRunning().isEmpty());
        assertThat(supervisor.notRunning()).singleElement().asString().startsWith("target");
        supervisor.clearFault("target");
        await().atMost(Duration.ofSeconds(5)).until(() -> loop.state() == SupervisedLoop.State.RUNNING);
        assertThat(sessions.get()).isGreaterThanOrEqualTo(2);
        assertThat(loop.lastError()).hasMessage("injected");
    }

    @Test
    void stoppingIsNotAFailure() {
        loop = supervisor.loop("quiet", SupervisedLoopTest::idle);
        loop.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> loop.state() == SupervisedLoop.State.RUNNING);
        loop.stop(null, Duration.ofSeconds(5));
        assertThat(loop.state()).isEqualTo(SupervisedLoop.State.STOPPED);
        assertThat(loop.restarts()).isZero();
        assertThat(supervisor.notRunning()).isEmpty();
    }

    @Test
    void aGuardedJobThatFailsIsNotRunningUntilItSucceedsAgain() {
        AtomicInteger runs = new AtomicInteger();
        Runnable job = supervisor.guard("sweep", () -> {
            if (runs.incrementAndGet() == 1) {
                throw new IllegalStateException("first run fails");
            }
        });
        job.run();
        assertThat(supervisor.notRunning()).containsExactly("sweep failing");
        job.run();
        assertThat(supervisor.notRunning()).isEmpty();
        assertThat(supervisor.givenUp()).isEmpty();
    }
}
