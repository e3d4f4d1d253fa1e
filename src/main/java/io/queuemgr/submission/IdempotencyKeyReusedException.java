package io.queuemgr.submission;

import java.util.List;
import java.util.UUID;

import io.queuemgr.error.ApiException;

/** An idempotency key came again with a different submission: refused (422), the first task stays as it is. */
public class IdempotencyKeyReusedException extends ApiException {

    public IdempotencyKeyReusedException(String key, UUID firstTask) {
        super(422, "idempotency-key-reused", "Idempotency key reused", "The idempotency key '" + key
                + "' was used before for a different submission (task " + firstTask + "); send that submission "
                + "again to get its task, or use a new key for a new task", List.of());
    }
}
