package io.queuemgr.schedule;

import static io.queuemgr.schedule.ScheduleFirer.STATEMENT;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.queuemgr.queue.QueueCatalog;
import io.queuemgr.submission.Submission;
import io.queuemgr.submission.SubmissionService;

/**
 * Submits the task of a firing a firer took, under the firing's id and idempotency key, and records in the table
 * that it is done; a template that no longer makes a task is recorded as the firing's error instead.
 */
@Singleton
public class FiringSubmission {

    private static final Logger LOG = Logger.getLogger(FiringSubmission.class);

    private final ScheduleTemplate template;
    private final SubmissionService submissions;
    private final QueueCatalog queues;
    private final ScheduleStore store;

    public FiringSubmission(ScheduleTemplate template, SubmissionService submissions, QueueCatalog queues,
            ScheduleStore store) {
        this.template = template;
        this.submissions = submissions;
        this.queues = queues;
        this.store = store;
    }

    /**
     * The firing, submitted. A failure to reach Kafka throws and leaves the firing unsubmitted in the table, to be
     * taken over after the claim timeout.
     */
    Schedule submit(Schedule f) {
        String error = null;
        try {
            Submission submission = template.submission(f.task());
            if (queues.exists(submission.queue())) {
                submissions.submitAsync(submission, f.lastTaskId(), f.idempotencyKeyAt(f.lastFireAt()), "schedule",
                        f.createdBy()).get(STATEMENT.toMillis(), TimeUnit.MILLISECONDS);
            } else {
                error = "The task's queue '" + submission.queue() + "' does not exist";
            }
        } catch (IllegalStateException e) {
            error = "The task template no longer makes a task: " + e.getMessage();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Submitting the firing of " + f.name() + " at " + f.lastFireAt()
                    + " failed; it is submitted again after the claim timeout", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while submitting the firing of " + f.name(), e);
        }
        if (error != null) {
            LOG.warnf("The firing of %s at %s made no task: %s", f.name(), f.lastFireAt(), error);
        }
        ScheduleFirer.await(store.submitted(f, error));
        return f.submitted(error);
    }
}
