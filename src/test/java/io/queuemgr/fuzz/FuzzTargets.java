package io.queuemgr.fuzz;

import java.util.List;

/**
 * What a fuzz run may act on: queues and tasks of its own, so that nothing another test holds is touched. Tasks
 * submitted by the fuzzer go to {@code parkedQueue}, which is paused: they wait, and never run, until cleaned up.
 *
 * @param parkedQueue paused; where generated submissions go
 * @param scratchQueues queues the fuzzer may change, pause and delete (some exist, some not)
 * @param taskIds tasks in every state, for the control, log and worker endpoints
 * @param workerQueue where tasks for pull workers wait
 */
record FuzzTargets(String parkedQueue, List<String> scratchQueues, List<String> taskIds, String workerQueue) {
}
