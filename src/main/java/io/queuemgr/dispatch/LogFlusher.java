package io.queuemgr.dispatch;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.quarkus.runtime.Startup;
import io.queuemgr.supervision.LoopSupervisor;

/** Sends the log lines of every run here once a second, so that a long, quiet task's lines show up while it runs. */
@Startup
@Singleton
class LogFlusher {

    private static final Logger LOG = Logger.getLogger(LogFlusher.class);

    private final RunningTasks running;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("queuemgr-log-flusher").daemon().factory());

    LogFlusher(RunningTasks running, LoopSupervisor supervisor) {
        this.running = running;
        timer.scheduleWithFixedDelay(supervisor.guard("log-flusher", this::flushAll), 1, 1, TimeUnit.SECONDS);
    }

    private void flushAll() {
        running.forEach(run -> run.logs().flush().whenComplete((ok, e) -> {
            if (e != null) {
                LOG.debugf("Log flush failed: %s", e.getMessage());
            }
        }));
    }

    @PreDestroy
    void close() {
        timer.shutdownNow();
    }
}
