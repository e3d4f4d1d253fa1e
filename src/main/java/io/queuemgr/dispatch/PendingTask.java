package io.queuemgr.dispatch;

import java.util.Comparator;

import org.apache.kafka.common.TopicPartition;

import io.queuemgr.task.Task;

/** A task fetched from the work topic and waiting for a free slot, with where it came from. */
record PendingTask(Task task, TopicPartition partition, long offset, long sequence) {

    /** Highest priority first; within a priority the oldest task, then the order of arrival. */
    static final Comparator<PendingTask> ORDER = Comparator
            .comparingInt((PendingTask p) -> -p.task().priority())
            .thenComparing(p -> p.task().createdAt())
            .thenComparingLong(PendingTask::sequence);
}
