package io.queuemgr.worker;

import java.util.UUID;

/**
 * An offer as its owner reads it from {@code task_offer}: the worker that leased it (null while it is free), the
 * progress the worker reported, and its outcome as JSON once reported.
 */
record OfferState(UUID taskId, String workerId, Integer progress, String step, String outcome) {
}
