package io.queuemgr.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.queuemgr.testing.FakeContext;

class BlockingWorkTest {

    private static final Duration LIMIT = Duration.ofSeconds(10);

    @Test
    void theWorkRunsOffTheCallersThreadAndItsValueArrives() {
        var context = FakeContext.forType("noop");
        Thread caller = Thread.currentThread();
        Thread ran = context.blocking(Thread::currentThread).await().atMost(LIMIT);
        assertThat(ran).isNotSameAs(caller);
        assertThat(ran.isVirtual()).isTrue();
    }

    @Test
    void aCancelInterruptsWorkThatWaits() throws Exception {
        var context = FakeContext.forType("noop");
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch ended = new CountDownLatch(1);
        context.blocking(() -> {
            started.countDown();
            new CountDownLatch(1).await();
            return "never";
        }).subscribe().with(v -> ended.countDown(), e -> {
            failure.set(e);
            ended.countDown();
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        context.cancel();
        assertThat(ended.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(failure.get()).isInstanceOf(InterruptedException.class);
    }

    @Test
    void workCancelledBeforeItBeganNeverRunsAndStillEnds() {
        var context = FakeContext.forType("noop");
        context.cancel();
        AtomicReference<Boolean> ran = new AtomicReference<>(false);
        var outcome = context.blocking(() -> {
            ran.set(true);
            return "ran";
        });
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> outcome.await().atMost(LIMIT))
                .isInstanceOf(CancellationException.class);
        assertThat(ran.get()).isFalse();
    }
}
