package io.queuemgr.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.queuemgr.task.ErrorCode;
import io.queuemgr.task.TaskFailure;
import io.smallrye.mutiny.Uni;

class BreakerTest {

    private static final Duration DELAY = Duration.ofMillis(400);
    private static final Unwell<Integer> FIVE_HUNDREDS = Unwell.networkOr(status -> status >= 500);

    private final Breaker breaker = new Breaker("example.org:443", 3, DELAY, Clock.systemUTC());
    private final AtomicInteger calls = new AtomicInteger();

    private Integer answer(int status) {
        return breaker.call(() -> {
            calls.incrementAndGet();
            return Uni.createFrom().item(status);
        }, FIVE_HUNDREDS).await().atMost(Duration.ofSeconds(5));
    }

    private void refused() {
        breaker.call(() -> {
            calls.incrementAndGet();
            return Uni.createFrom().<Integer>failure(new ConnectException("Connection refused"));
        }, FIVE_HUNDREDS).await().atMost(Duration.ofSeconds(5));
    }

    private TaskFailure openFailure() {
        try {
            answer(200);
        } catch (TaskFailure e) {
            return e;
        }
        throw new AssertionError("the call went through");
    }

    @Test
    void opensAfterThresholdUnwellCallsInARowAndThenFailsFastWithoutCalling() {
        assertThat(answer(503)).isEqualTo(503);
        // Mutiny's await wraps a checked exception; the breaker passes the call's own failure on.
        assertThatThrownBy(this::refused).hasRootCauseInstanceOf(ConnectException.class);
        assertThat(answer(500)).isEqualTo(500);
        assertThat(breaker.view().state()).isEqualTo(Breaker.State.OPEN);

        Instant before = Instant.now();
        TaskFailure fast = openFailure();

        assertThat(calls).hasValue(3);
        assertThat(fast.error().code()).isEqualTo(ErrorCode.CIRCUIT_OPEN.name());
        assertThat(fast.error().retryable()).isTrue();
        assertThat(fast.error().context()).containsEntry("target", "example.org:443");
        assertThat(Instant.parse(fast.error().context().get("retryAfter"))).isAfter(before)
                .isBefore(before.plus(DELAY));
        Breaker.View view = breaker.view();
        assertThat(view.failures()).isEqualTo(3);
        assertThat(view.retryAfter()).isEqualTo(view.openedAt().plus(DELAY));
    }

    @Test
    void aClientErrorIsNoFailureOfTheTargetAndEndsTheRun() {
        answer(503);
        answer(503);
        assertThat(answer(404)).isEqualTo(404);
        answer(503);
        answer(503);

        assertThat(breaker.view().state()).isEqualTo(Breaker.State.CLOSED);
        assertThat(breaker.view().failures()).isEqualTo(2);
        assertThat(answer(200)).isEqualTo(200);
    }

    @Test
    void aFailureTheCallerDoesNotNameUnwellIsNoFailureOfTheTarget() {
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> breaker.call(() -> Uni.createFrom().<Integer>failure(
                    ErrorCode.TASK_PARAMS_INVALID.failure("bad")), FIVE_HUNDREDS).await().indefinitely())
                    .isInstanceOf(TaskFailure.class);
        }
        assertThat(breaker.view().state()).isEqualTo(Breaker.State.CLOSED);
    }

    @Test
    void afterTheDelayOneSuccessfulTrialClosesTheBreaker() {
        answer(503);
        answer(503);
        answer(503);
        openFailure();

        await().atMost(Duration.ofSeconds(5))
                .until(() -> breaker.view().state() == Breaker.State.HALF_OPEN);
        assertThat(answer(204)).isEqualTo(204);

        assertThat(calls).hasValue(4);
        assertThat(breaker.view()).isEqualTo(new Breaker.View("example.org:443", Breaker.State.CLOSED, 0, null,
                null));
    }

    @Test
    void aFailedTrialOpensTheBreakerAgainForAnotherDelay() {
        answer(503);
        answer(503);
        answer(503);
        Instant firstOpened = breaker.view().openedAt();

        await().atMost(Duration.ofSeconds(5))
                .until(() -> breaker.view().state() == Breaker.State.HALF_OPEN);
        assertThat(answer(502)).isEqualTo(502);

        assertThat(breaker.view().state()).isEqualTo(Breaker.State.OPEN);
        assertThat(breaker.view().openedAt()).isAfter(firstOpened);
        assertThat(openFailure().error().code()).isEqualTo("CIRCUIT_OPEN");
        assertThat(calls).hasValue(4);
    }

    @Test
    void aTrialCancelledByItsTaskDoesNotLeaveTheBreakerRefusingForEver() {
        answer(503);
        answer(503);
        answer(503);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> breaker.view().state() == Breaker.State.HALF_OPEN);

        breaker.call(() -> Uni.createFrom().<Integer>nothing(), FIVE_HUNDREDS).subscribe()
                .with(item -> {
                }, failure -> {
                }).cancel();
        // Nobody knows how the trial would have ended: the breaker waits another delay rather than close.
        assertThat(breaker.view().state()).isEqualTo(Breaker.State.OPEN);

        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> answer(200) == 200);
        assertThat(breaker.view().state()).isEqualTo(Breaker.State.CLOSED);
    }

    @Test
    void blockingCallsCountTheFailuresTheCallerNamesAndFailFastWhenOpen() throws Exception {
        Unwell<String> connectionFailed = Unwell.when(e -> e instanceof ConnectException);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> breaker.callBlocking(() -> {
                calls.incrementAndGet();
                throw new ConnectException("Connection refused");
            }, connectionFailed)).isInstanceOf(ConnectException.class);
        }

        assertThatThrownBy(() -> breaker.callBlocking(() -> "session", connectionFailed))
                .isInstanceOfSatisfying(TaskFailure.class,
                        e -> assertThat(e.error().code()).isEqualTo("CIRCUIT_OPEN"));
        assertThat(calls).hasValue(3);
    }
}
