package io.queuemgr.submission;

import java.util.concurrent.CompletableFuture;

import jakarta.inject.Singleton;

import io.queuemgr.audit.AuditActions;
import io.queuemgr.audit.AuditDetails;
import io.queuemgr.audit.AuditTrail;
import io.queuemgr.error.ApiException;
import io.queuemgr.security.Caller;

/** Refusals of bulk items that are security events, and so go to the audit trail as single submissions' do. */
@Singleton
public class BulkRefusals {

    private final AuditTrail audit;

    public BulkRefusals(AuditTrail audit) {
        this.audit = audit;
    }

    /** The item's 403, once the audit trail holds the refusal or has failed to take it. */
    CompletableFuture<BulkAnswer> typeNotGranted(Caller caller, Submission submission, String why) {
        return audit.record(caller.name(), AuditActions.TASK_SUBMIT, null, AuditDetails.refused(why,
                AuditDetails.QUEUE, submission.queue(), AuditDetails.TYPE, submission.type(), "source", "rest-bulk"))
                // Refused either way: a trail that failed to take the entry is no reason to let the item through.
                .onItemOrFailure().<BulkAnswer>transform((ok, error) -> BulkAnswer.Refused.of(
                        ApiException.forbidden("type-not-granted", why)))
                .subscribeAsCompletionStage();
    }
}
