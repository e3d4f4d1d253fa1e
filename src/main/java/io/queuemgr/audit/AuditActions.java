package io.queuemgr.audit;

/**
 * The names of audited actions, {@code <what>.<verb>}, so that every caller spells them alike and a filter on
 * {@code action} finds them all.
 */
public final class AuditActions {

    public static final String TASK_SUBMIT = "task.submit";
    public static final String TASK_CANCEL = "task.cancel";
    public static final String TASK_PAUSE = "task.pause";
    public static final String TASK_RESUME = "task.resume";
    public static final String TASK_RETRY = "task.retry";
    public static final String TASK_REQUEUE = "task.requeue";
    public static final String TASK_DISCARD = "task.discard";
    public static final String TASK_DELETE = "task.delete";
    public static final String QUEUE_CREATE = "queue.create";
    public static final String QUEUE_CHANGE = "queue.change";
    public static final String QUEUE_DELETE = "queue.delete";
    public static final String QUEUE_PAUSE = "queue.pause";
    public static final String QUEUE_RESUME = "queue.resume";
    public static final String SCHEDULE_CREATE = "schedule.create";
    public static final String SCHEDULE_PAUSE = "schedule.pause";
    public static final String SCHEDULE_RESUME = "schedule.resume";
    public static final String SCHEDULE_DELETE = "schedule.delete";
    public static final String TOKEN_CREATE = "token.create";
    public static final String TOKEN_REVOKE = "token.revoke";
    /** An instance made its own token anew after it stopped verifying (revoked, or removed). */
    public static final String TOKEN_RENEW = "token.renew";

    private AuditActions() {
    }
}
