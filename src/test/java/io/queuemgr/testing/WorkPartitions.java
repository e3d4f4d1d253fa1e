package io.queuemgr.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.apache.kafka.common.utils.Utils;

import io.queuemgr.messaging.QueuePartitions;
import io.queuemgr.task.TaskIds;

/** Queue names that land on every partition of the work topic, which the service keys by queue name. */
public final class WorkPartitions {

    /** The service's default number of partitions. */
    public static final int PARTITIONS = 12;

    private WorkPartitions() {
    }

    /** One queue name per partition, so that every instance of a group dispatches some of them. */
    public static List<String> queueOnEach(String prefix) {
        Map<Integer, String> byPartition = new TreeMap<>();
        for (int q = 0; byPartition.size() < PARTITIONS; q++) {
            String name = prefix + "-q" + q;
            byPartition.putIfAbsent(Utils.toPositive(Utils.murmur2(name.getBytes(StandardCharsets.UTF_8)))
                    % PARTITIONS, name);
        }
        return new ArrayList<>(byPartition.values());
    }

    /**
     * A new task id that Kafka's partitioner on the id would put on another partition than the queue's: a task whose
     * records an earlier version would have put elsewhere than the service puts them now.
     */
    public static UUID idOffThePartitionOf(String queue) {
        int ofQueue = QueuePartitions.partitionOf(queue, PARTITIONS);
        UUID id = TaskIds.newId();
        while (QueuePartitions.partitionOf(id.toString(), PARTITIONS) == ofQueue) {
            id = TaskIds.newId();
        }
        return id;
    }
}
