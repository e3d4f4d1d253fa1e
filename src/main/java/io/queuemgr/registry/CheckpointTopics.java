package io.queuemgr.registry;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/** What the broker says about a checkpoint: whether the topics still hold what a read from its positions needs. */
final class CheckpointTopics {

    private CheckpointTopics() {
    }

    /**
     * Why the topics as they are now cannot be read on from the checkpoint's positions: written too long ago for the
     * tombstones since, or positions no longer on the topics. Null when they can.
     */
    static String refusal(CheckpointFile.Header h, Admin admin, RegistryCheckpoint.Where where, long nowMs)
            throws Exception {
        ConfigResource status = new ConfigResource(ConfigResource.Type.TOPIC, where.statusTopic());
        long keepTombstones = Long.parseLong(admin.describeConfigs(List.of(status)).all()
                .get(where.timeout().toMillis(), TimeUnit.MILLISECONDS).get(status)
                .get(TopicConfig.DELETE_RETENTION_MS_CONFIG).value());
        long age = nowMs - h.writtenAtMs();
        // Half: a tombstone written a while before the stop, and read a while after the start, must still be there.
        if (age < 0 || age >= keepTombstones / 2) {
            return "written " + Duration.ofMillis(age) + " ago; the status topic keeps tombstones only "
                    + Duration.ofMillis(keepTombstones) + ", and a checkpoint is used for half of that";
        }
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        h.positions().keySet().forEach(tp -> {
            earliest.put(tp, OffsetSpec.earliest());
            latest.put(tp, OffsetSpec.latest());
        });
        Map<TopicPartition, ListOffsetsResultInfo> first = admin.listOffsets(earliest).all()
                .get(where.timeout().toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, ListOffsetsResultInfo> end = admin.listOffsets(latest).all()
                .get(where.timeout().toMillis(), TimeUnit.MILLISECONDS);
        for (Map.Entry<TopicPartition, Long> e : h.positions().entrySet()) {
            TopicPartition tp = e.getKey();
            if (e.getValue() > end.get(tp).offset()) {
                return tp + " ends at " + end.get(tp).offset() + ", before the checkpoint's " + e.getValue();
            }
            // Log lines that retention dropped meanwhile a replay would not find either.
            if (tp.topic().equals(where.statusTopic()) && e.getValue() < first.get(tp).offset()) {
                return tp + " starts at " + first.get(tp).offset() + ", after the checkpoint's " + e.getValue();
            }
        }
        return null;
    }
}
