package io.queuemgr.submission;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.queuemgr.registry.TaskRegistry;
import io.queuemgr.registry.TaskStatusPublisher;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskIds;
import io.queuemgr.task.TaskMeters;
import io.smallrye.mutiny.Uni;

/**
 * Makes a task of a submission: answers with the existing task for a known idempotency key or id, otherwise puts
 * the task on the work topic and its first snapshot on the status topic, and answers once Kafka has both.
 */
@ApplicationScoped
public class SubmissionService {

    private final TaskRegistry registry;
    private final TaskStatusPublisher publisher;
    private final TaskMeters meters;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Uni<Submitted>> inProgress = new ConcurrentHashMap<>();

    public SubmissionService(TaskRegistry registry, TaskStatusPublisher publisher, TaskMeters meters) {
        this.registry = registry;
        this.publisher = publisher;
        this.meters = meters;
    }

    /** The task, and whether this call created it (false: an earlier submission with the same key did). */
    public record Submitted(Task task, boolean created) {
    }

    public Uni<Submitted> submit(Submission submission, String idempotencyKey, String source) {
        UUID id = submission.id() != null ? submission.id() : TaskIds.newId();
        return submit(submission, id, idempotencyKey, source);
    }

    public Uni<Submitted> submit(Submission submission, UUID id, String idempotencyKey, String source) {
        var existing = idempotencyKey != null ? registry.byIdempotencyKey(idempotencyKey) : registry.get(id);
        if (existing.isEmpty() && idempotencyKey != null) {
            existing = registry.get(id);
        }
        if (existing.isPresent()) {
            return Uni.createFrom().item(new Submitted(existing.get(), false));
        }
        if (idempotencyKey == null) {
            return create(submission, id, null, source);
        }
        // Two requests with one key at the same moment on this instance become one task.
        Uni<Submitted> shared = inProgress.computeIfAbsent(idempotencyKey,
                key -> create(submission, id, key, source).memoize().indefinitely());
        return shared.eventually(() -> inProgress.remove(idempotencyKey, shared))
                .map(s -> s.task().id().equals(id) ? s : new Submitted(s.task(), false));
    }

    private Uni<Submitted> create(Submission s, UUID id, String idempotencyKey, String source) {
        Task task = Task.pending(id, s.queue(), s.type(), s.params(), s.category(), s.tags(), s.priority(),
                s.maxRetries(), s.timeoutSeconds(), idempotencyKey, clock.instant());
        return publisher.submit(task)
                .invoke(() -> meters.submitted(task.queue(), source).increment())
                .map(t -> new Submitted(t, true));
    }
}
