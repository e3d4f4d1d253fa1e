package io.queuemgr.executor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import jakarta.enterprise.util.TypeLiteral;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import io.queuemgr.task.ErrorCode;
import io.queuemgr.task.TaskFailure;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;

/**
 * One target's circuit breaker: a SmallRye Fault Tolerance guard that opens after {@code threshold} unwell calls in a
 * row, fails calls fast for {@code delay}, then lets one trial call decide. It keeps what its view shows (failures in
 * a row, when it opened), which the library does not tell.
 */
public final class Breaker {

    /** The state as a caller meets it: OPEN fails fast; HALF_OPEN lets the next call through as the trial. */
    public enum State {
        CLOSED,
        OPEN,
        HALF_OPEN
    }

    /** What {@code GET /api/breakers} shows of one target; {@code openedAt} and {@code retryAfter} null unless open. */
    public record View(String target, State state, int failures, Instant openedAt, Instant retryAfter) {
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static final TypeLiteral<Uni<Object>> UNI = new TypeLiteral<>() {
    };

    private final String target;
    private final Duration delay;
    private final Clock clock;
    private final Guard guard;
    private final AtomicInteger failures = new AtomicInteger();
    private volatile CircuitBreakerState state = CircuitBreakerState.CLOSED;
    private volatile Instant openedAt;

    public Breaker(String target, int threshold, Duration delay, Clock clock) {
        this.target = target;
        this.delay = delay;
        this.clock = clock;
        // A window of the last `threshold` calls that opens only when all of them failed: `threshold` in a row.
        // Unnamed: a named breaker is kept in the library's registry for ever, and targets come and go.
        this.guard = Guard.create().withThreadOffload(false).withCircuitBreaker().requestVolumeThreshold(threshold)
                .failureRatio(1.0).successThreshold(1).delay(Math.max(1, delay.toMillis()), ChronoUnit.MILLIS)
                .when(Sign.class::isInstance).onStateChange(this::changed).onFailure(failures::incrementAndGet)
                .onSuccess(() -> failures.set(0)).done().build();
    }

    /**
     * The call, counted by this breaker, or a CIRCUIT_OPEN failure without calling when the breaker is open. A cancel
     * (the task's cancel or timeout) ends the call inside the guard rather than cutting the guard off, which would
     * never learn how a trial ended and refuse every call after it: a cancelled trial counts as a failure (the
     * breaker waits another delay), any other cancelled call as no failure of the target.
     */
    @SuppressWarnings("unchecked")
    public <T> Uni<T> call(Supplier<Uni<T>> call, Unwell<T> unwell) {
        CompletableFuture<Object> cancelled = new CompletableFuture<>();
        Supplier<Uni<Object>> marked = () -> Uni.combine().any().of(Uni.createFrom().deferred(call::get).onItem()
                .transformToUni(answer -> unwell.answer().test(answer)
                        ? Uni.createFrom().failure(new Sign(answer, null))
                        : Uni.createFrom().item(answer))
                .onFailure(e -> !(e instanceof Sign) && unwell.failure().test(e)).transform(e -> new Sign(null, e))
                .map(answer -> (Object) answer), Uni.createFrom().completionStage(cancelled));
        Uni<Object> guarded = guard.get(marked, UNI).onFailure(Sign.class).recoverWithUni(e -> {
            Sign sign = (Sign) e;
            return sign.getCause() == null
                    ? Uni.createFrom().item(sign.answer)
                    : Uni.createFrom().failure(sign.getCause());
        }).onFailure(CircuitBreakerOpenException.class).transform(e -> openFailure());
        return Uni.createFrom().emitter(emitter -> {
            guarded.subscribe().with(answer -> emitter.complete((T) answer), emitter::fail);
            emitter.onTermination(() -> {
                CancellationException stop = new CancellationException("The call was cancelled");
                cancelled.completeExceptionally(state == CircuitBreakerState.HALF_OPEN ? new Sign(null, stop) : stop);
            });
        });
    }

    /** A blocking call (a connection's lease), counted by this breaker, or CIRCUIT_OPEN without calling. */
    @SuppressWarnings("unchecked")
    public <T> T callBlocking(Callable<T> call, Unwell<T> unwell) throws Exception {
        Callable<Object> marked = () -> {
            T answer;
            try {
                answer = call.call();
            } catch (Exception e) {
                throw unwell.failure().test(e) ? new Sign(null, e) : e;
            }
            if (unwell.answer().test(answer)) {
                throw new Sign(answer, null);
            }
            return answer;
        };
        try {
            return (T) guard.call(marked, Object.class);
        } catch (Sign sign) {
            if (sign.getCause() == null) {
                return (T) sign.answer;
            }
            throw sign.getCause() instanceof Exception e ? e : new IllegalStateException(sign.getCause());
        } catch (CircuitBreakerOpenException e) {
            throw openFailure();
        }
    }

    public View view() {
        State shown = shown();
        Instant opened = shown == State.CLOSED ? null : openedAt;
        return new View(target, shown, failures.get(), opened, opened == null ? null : opened.plus(delay));
    }

    /** The state as a gauge: 0 closed, 1 half open, 2 open. */
    double gauge() {
        return switch (shown()) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        };
    }

    // The library moves from open to half-open only when the next call comes; after the delay that call is the
    // trial whatever the library says until then.
    private State shown() {
        Instant opened = openedAt;
        return switch (state) {
            case CLOSED -> State.CLOSED;
            case HALF_OPEN -> State.HALF_OPEN;
            case OPEN -> opened != null && !clock.instant().isBefore(opened.plus(delay))
                    ? State.HALF_OPEN
                    : State.OPEN;
        };
    }

    private void changed(CircuitBreakerState next) {
        if (next == CircuitBreakerState.OPEN) {
            openedAt = clock.instant();
        }
        state = next;
    }

    private TaskFailure openFailure() {
        Instant retryAfter = openedAt == null ? clock.instant().plus(delay) : openedAt.plus(delay);
        long seconds = Math.max(0, Duration.between(clock.instant(), retryAfter).toSeconds());
        return ErrorCode.CIRCUIT_OPEN.failure("The circuit breaker of " + target + " is open after "
                + failures.get() + " failures in a row; calls to it fail fast until " + retryAfter + " (" + seconds
                + " s), then one trial call decides",
                Map.of("target", target, "retryAfter", retryAfter.toString(),
                        "retryAfterSeconds", Long.toString(seconds)));
    }

    /** Carries an unwell call through the guard, which counts it, to be turned back into what the call gave. */
    private static final class Sign extends RuntimeException {

        private final transient Object answer;

        Sign(Object answer, Throwable failure) {
            super(failure == null ? "unwell answer" : failure.getMessage(), failure, false, false);
            this.answer = answer;
        }
    }
}
