package io.queuemgr.executor;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import jakarta.inject.Singleton;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * A circuit breaker per task target, for every family: calls to a target that keeps failing fail fast with
 * CIRCUIT_OPEN. Breakers are made on a target's first call and forgotten when idle or when there are too many, which
 * also bounds the {@code queuemgr_breaker_state} gauge's {@code target} label.
 */
@Singleton
public class Breakers {

    static final String GAUGE = "queuemgr.breaker.state";

    private final BreakerConfig config;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Cache<String, Breaker> breakers;

    public Breakers(BreakerConfig config, Clock clock, MeterRegistry meters) {
        this.config = config;
        this.clock = clock;
        this.meters = meters;
        this.breakers = Caffeine.newBuilder().maximumSize(config.maxTargets()).expireAfterAccess(config.idleAfter())
                .executor(Runnable::run).<String, Breaker>removalListener((target, breaker, cause) -> {
                    Gauge gauge = meters.find(GAUGE).tag("target", target).gauge();
                    if (gauge != null) {
                        meters.remove(gauge);
                    }
                }).build();
    }

    /**
     * The call, guarded by {@code target}'s breaker: what {@code unwell} recognises counts against the target, and
     * while its breaker is open the call is not made and the Uni fails with a CIRCUIT_OPEN {@code TaskFailure}.
     */
    public <T> Uni<T> guarded(String target, Supplier<Uni<T>> call, Unwell<T> unwell) {
        if (!config.enabled()) {
            return Uni.createFrom().deferred(call::get);
        }
        return Uni.createFrom().deferred(() -> breaker(target).call(call, unwell));
    }

    /** The blocking call (run it on a task's virtual thread), guarded by {@code target}'s breaker. */
    public <T> T guardedBlocking(String target, Callable<T> call, Unwell<T> unwell) throws Exception {
        return config.enabled() ? breaker(target).callBlocking(call, unwell) : call.call();
    }

    /** Every target's breaker that is kept now, by target. */
    public List<Breaker.View> all() {
        breakers.cleanUp();
        return breakers.asMap().values().stream().map(Breaker::view)
                .sorted(Comparator.comparing(Breaker.View::target)).toList();
    }

    private Breaker breaker(String target) {
        return breakers.get(target, t -> {
            Breaker made = new Breaker(t, config.failureThreshold(), config.delay(), clock);
            Gauge.builder(GAUGE, made, Breaker::gauge).tag("target", t)
                    .description("The target's circuit breaker: 0 closed, 1 half open (next call is the trial), 2 open")
                    .register(meters);
            return made;
        });
    }
}
