package io.queuemgr.messaging;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How long the topics the service creates keep their records, under {@code queuemgr.kafka.retention.}; set when a
 * topic is created, a topic that exists already is left as it is.
 */
@ConfigMapping(prefix = "queuemgr.kafka.retention")
public interface TopicRetention {

    /** Control commands (cancel, pause, resume) on the task-control topic. */
    @WithDefault("P1D")
    Duration taskControl();

    /** Waiting retries on the retry topic; keep it longer than the longest retry delay a queue allows and the furthest a submission may be scheduled (30 days each). */
    @WithDefault("P35D")
    Duration tasksRetry();

    /** Executor log lines on the task-logs topic. */
    @WithDefault("P7D")
    Duration taskLogs();

    /** Events on the audit topic: how long an outage of the audit projector may last without losing events. */
    @WithDefault("P7D")
    Duration audit();

    /** The compacted status topic keeps a tombstone (a task let go of) this long before dropping it. */
    @WithDefault("P1D")
    Duration statusTombstones();

    /** The newest snapshots on the status topic stay uncompacted at least this long. */
    @WithDefault("PT1M")
    Duration statusCompactionLag();

    /** The status topic rolls a segment (which compaction can then clean) at least this often. */
    @WithDefault("PT1H")
    Duration statusSegment();
}
