package io.queuemgr.submission;

import java.util.Optional;

import jakarta.inject.Singleton;

import io.queuemgr.executor.ExecutorRegistry;
import io.queuemgr.security.Caller;
import io.queuemgr.security.Roles;

/** Whether a caller may submit a task of a type: the submitter role, and for code-running types an explicit grant. */
@Singleton
public class SubmissionPolicy {

    private final ExecutorRegistry executors;

    public SubmissionPolicy(ExecutorRegistry executors) {
        this.executors = executors;
    }

    /** Why the caller may not submit the type, or empty when it may. */
    public Optional<String> refusal(Caller caller, String type) {
        if (!caller.has(Roles.SUBMITTER)) {
            return Optional.of("'" + caller.name() + "' does not hold the submitter role");
        }
        if (executors.runsCode(type) && !caller.grants().allows(type)) {
            return Optional.of("'" + caller.name() + "' may not submit " + type + " tasks: the type runs code, and "
                    + "needs an explicit grant (allowedTypes) on the token");
        }
        return Optional.empty();
    }
}
