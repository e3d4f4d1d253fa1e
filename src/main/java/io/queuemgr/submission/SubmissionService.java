package io.queuemgr.submission;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.json.StorableText;
import io.queuemgr.queue.QueueCatalog;
import io.queuemgr.queue.QueueDefinition;
import io.queuemgr.queue.RetryPolicy;
import io.queuemgr.registry.StrandedTaskException;
import io.queuemgr.registry.TaskMeters;
import io.queuemgr.registry.TaskRegistry;
import io.queuemgr.registry.TaskStatusPublisher;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskIds;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Makes a task of a submission: answers with the existing task for a known idempotency key or id, otherwise puts
 * the task on the work topic and its first snapshot on the status topic, and answers once Kafka has both.
 */
@Singleton
public class SubmissionService {

    /** Acks arrive on the producer's network thread; a REST answer continues on a worker thread. */
    private static final Executor WORKERS = Infrastructure.getDefaultExecutor();

    private final TaskRegistry registry;
    private final TaskStatusPublisher publisher;
    /** As payment APIs have it: a key names a request, it is not a document. */
    public static final int MAX_KEY_LENGTH = 255;
    /** The source whose callers wait on each answer (a REST submission, single or bulk). */
    private static final String WAITED_ON = "rest";

    private final TaskMeters meters;
    private final QueueCatalog queues;
    private final Clock clock;
    /** Submissions under way, by idempotency key (a String) or by the id their caller chose (a UUID). */
    private final Map<Object, CompletableFuture<Submitted>> inProgress = new ConcurrentHashMap<>();
    private final SubmissionFingerprint fingerprint;
    private final StrandedWork stranded;

    public SubmissionService(TaskRegistry registry, TaskStatusPublisher publisher, TaskMeters meters,
            QueueCatalog queues, ObjectMapper mapper, StrandedWork stranded, Clock clock) {
        this.stranded = stranded;
        this.clock = clock;
        this.queues = queues;
        this.registry = registry;
        this.publisher = publisher;
        this.meters = meters;
        this.fingerprint = new SubmissionFingerprint(mapper);
    }

    /** What is wrong with an idempotency key, or empty when it is fine. */
    public static Optional<String> keyProblem(String key) {
        if (key.length() > MAX_KEY_LENGTH) {
            return Optional.of("an idempotency key must be at most " + MAX_KEY_LENGTH + " characters; this one has "
                    + key.length());
        }
        return StorableText.problem(key).map(why -> "an idempotency key " + why);
    }

    /**
     * The task, and whether this call created it (false: an earlier submission with the same key did); {@code json}:
     * the task as encoded for Kafka when this call created it, else null.
     */
    public record Submitted(Task task, boolean created, byte[] json) {

        Submitted(Task task, boolean created) {
            this(task, created, null);
        }
    }

    /**
     * For REST: a new id unless the submission names one. Answers on the caller's event loop when called on one (the
     * request's, which writes the answer next: one thread hop instead of two), else on a worker thread.
     */
    public Uni<Submitted> submit(Submission submission, String idempotencyKey, String source, String submittedBy) {
        UUID id = submission.id() != null ? submission.id() : TaskIds.newId();
        Context caller = Context.isOnEventLoopThread() ? Vertx.currentContext() : null;
        Executor answerOn = caller == null ? WORKERS : task -> caller.runOnContext(ignored -> task.run());
        // A copy: Mutiny cancels the future it waits on when the caller hangs up, and the one submitAsync returns
        // may be shared by every call with the same key or id (see inProgress), whose callers are still there.
        return Uni.createFrom().completionStage(() -> submitAsync(submission, id, idempotencyKey, source,
                submittedBy).copy())
                .emitOn(answerOn);
    }

    /**
     * Creates the task with the given id unless the key or the id is already known. Completes once Kafka holds the
     * task, on the producer's network thread: callers must not continue with blocking or producing work there. A
     * key that made a task of a different submission fails it with {@link IdempotencyKeyReusedException}.
     */
    public CompletableFuture<Submitted> submitAsync(Submission submission, UUID id, String idempotencyKey,
            String source, String submittedBy) {
        String hash = idempotencyKey == null ? null : fingerprint.of(submission);
        var existing = idempotencyKey != null ? registry.byIdempotencyKey(idempotencyKey) : Optional.<Task>empty();
        if (existing.isEmpty() && registry.contains(id)) {
            existing = registry.get(id);
        }
        if (existing.isPresent()) {
            Submitted answer;
            try {
                answer = earlier(existing.get(), idempotencyKey, hash);
            } catch (IdempotencyKeyReusedException e) {
                return CompletableFuture.failedFuture(e);
            }
            Task held = answer.task();
            if (held.status().isWaiting() && held.version() == 1) {
                // Never started: the first submission's snapshot may have landed without its work record (the two
                // are on different partitions; the client got an error and retries). Its work record goes out again,
                // so the task runs either way.
                return publisher.resendWork(held).thenApply(ok -> answer);
            }
            return CompletableFuture.completedFuture(answer);
        }
        // What names the submission besides its body: its key, or the id its caller chose. A fresh id names nothing
        // another call could repeat.
        Object claim = idempotencyKey != null ? idempotencyKey : submission.id() != null ? id : null;
        if (claim == null) {
            return create(submission, id, null, null, source, submittedBy);
        }
        // Two submissions with one key (or id) at the same moment on this instance become one task: the first makes
        // it, the others share its outcome. The entry leaves only after the registry holds the task, so a later
        // submission finds it there.
        CompletableFuture<Submitted> mine = new CompletableFuture<>();
        CompletableFuture<Submitted> shared = inProgress.putIfAbsent(claim, mine);
        if (shared != null) {
            return shared.thenApply(s -> earlier(s.task(), idempotencyKey, hash));
        }
        // The claim's earlier submission may have left the map between the look-up above and now; it left only once
        // the registry held its task, so looking again finds it.
        var made = idempotencyKey != null ? registry.byIdempotencyKey(idempotencyKey) : registry.get(id);
        if (made.isPresent()) {
            // Completed before it leaves: a call that found the entry meanwhile waits on it.
            mine.complete(new Submitted(made.get(), false));
            inProgress.remove(claim, mine);
            return mine.thenApply(s -> earlier(s.task(), idempotencyKey, hash));
        }
        create(submission, id, idempotencyKey, hash, source, submittedBy).whenComplete((done, error) -> {
            // Those waiting on the entry learn the outcome before it leaves: a failure reaches the Kafka intake, which
            // then holds back later records, before a later submission with the key could find no entry.
            if (error != null) {
                mine.completeExceptionally(error);
            } else {
                mine.complete(done);
            }
            inProgress.remove(claim, mine);
        });
        return mine;
    }

    /**
     * The answer for a task an earlier submission made, when the key (if any) came with the same submission. A task
     * made before submissions were fingerprinted has no hash and is taken as the same.
     */
    private static Submitted earlier(Task task, String idempotencyKey, String hash) {
        if (idempotencyKey != null && idempotencyKey.equals(task.idempotencyKey()) && task.submissionHash() != null
                && !task.submissionHash().equals(hash)) {
            throw new IdempotencyKeyReusedException(idempotencyKey, task.id());
        }
        return new Submitted(task, false);
    }

    private CompletableFuture<Submitted> create(Submission s, UUID id, String idempotencyKey, String hash,
            String source, String submittedBy) {
        var queue = queues.find(s.queue());
        int maxRetries = s.maxRetries() != null
                ? s.maxRetries()
                : queue.map(QueueDefinition::maxRetries).orElse(RetryPolicy.DEFAULT.maxRetries());
        Long timeout = s.timeoutSeconds() != null
                ? s.timeoutSeconds()
                : queue.map(QueueDefinition::defaultTimeout).map(d -> Math.max(1, d.toSeconds())).orElse(null);
        Instant now = clock.instant();
        Task task = Task.pending(id, s.queue(), s.type(), s.params(), s.category(), s.tags(), s.priority(),
                maxRetries, timeout, idempotencyKey, hash, now).withSubmitter(submittedBy);
        if (s.cacheFor() != null) {
            task = task.cachedFor(s.cacheFor());
        }
        Instant due = s.dueAt(now);
        if (due != null) {
            task = task.scheduledFor(due);
        }
        if (s.hold()) {
            task = task.heldBack();
        }
        // Its audit entry is read from this first snapshot (history/TaskHistoryProjector, audit/SubmissionAudit).
        // A REST caller waits for the answer, so its records do not linger for a batch (KafkaClients).
        Task made = task;
        return publisher.submitAsync(made, WAITED_ON.equals(source)).whenComplete((json, error) -> {
            if ((error instanceof CompletionException ? error.getCause() : error) instanceof StrandedTaskException e) {
                meters.submitted(made.queue(), source).increment();
                stranded.add(e.task(), e.getCause().getMessage());
            }
        }).thenApply(json -> {
            meters.submitted(made.queue(), source).increment();
            return new Submitted(made, true, json);
        });
    }
}
