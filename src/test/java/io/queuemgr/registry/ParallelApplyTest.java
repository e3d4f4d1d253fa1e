package io.queuemgr.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ParallelApplyTest {

    private static ConsumerRecords<String, byte[]> poll(int partitions, int perPartition) {
        Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> records = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            List<ConsumerRecord<String, byte[]>> list = new ArrayList<>();
            for (int o = 0; o < perPartition; o++) {
                list.add(new ConsumerRecord<>("status", p, o, "k", new byte[0]));
            }
            records.put(new TopicPartition("status", p), list);
        }
        return new ConsumerRecords<>(records, Map.of());
    }

    @Test
    void aPipelinedPollIsAppliedOnTheHelpersAloneEachPartitionInOrder() {
        Map<Integer, List<Long>> offsets = new ConcurrentHashMap<>();
        Set<String> used = ConcurrentHashMap.newKeySet();
        try (ParallelApply parallel = new ParallelApply(2)) {
            var records = poll(4, 400);
            assertThat(parallel.pipelines(records)).isTrue();
            assertThat(parallel.pipelines(poll(4, 10))).isFalse();
            parallel.applyAsync(records, partition -> partition.forEach(r -> {
                offsets.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r.offset());
                used.add(Thread.currentThread().getName());
            })).join();
        }
        assertThat(offsets).hasSize(4);
        offsets.values().forEach(list -> assertThat(list).hasSize(400).isSorted());
        assertThat(used).hasSize(2).doesNotContain(Thread.currentThread().getName());
    }
}
