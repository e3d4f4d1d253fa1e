package io.queuemgr.dispatch;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * What a change of a task on this instance finds when it comes: the owner's {@link Claim} and the runner's
 * {@link Admission} are exclusive per task ({@link RunningTasks}), so a task cannot both start and be changed as
 * waiting.
 */
sealed interface TaskAccess {

    /** What the owner finds: the task's run, a change under way, or the task held for its change. */
    sealed interface Claim extends TaskAccess permits Busy, Runs, Held {
    }

    /** What a work record finds: a change under way, an early command, a run already here, or its own run started. */
    sealed interface Admission extends TaskAccess permits Busy, Runs, CancelledEarly, SetAside, Reused,
            Started {
    }

    /** Another change of the task is under way here: look again once it is on Kafka. */
    record Busy(CompletableFuture<Void> change) implements Claim, Admission {
    }

    /** The task runs here: a command goes to its run. */
    record Runs(Run run) implements Claim, Admission {
    }

    /** The caller alone changes the task (no run of it starts) until the hold is released. */
    record Held(UUID taskId, CompletableFuture<Void> change) implements Claim {
    }

    /** A cancel came before the work record: the runner ends the task CANCELLED, holding it. */
    record CancelledEarly(Held hold) implements Admission {
    }

    /** The task is paused, or a pause came before the work record: it is set aside, holding the task. */
    record SetAside(Held hold) implements Admission {
    }

    /** An identical task's result serves it: the runner completes it, holding it, and nothing runs. */
    record Reused(Held hold) implements Admission {
    }

    /** The run was added: it starts. */
    record Started(Run run) implements Admission {
    }
}
