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

/**
 * Whether a checkpoint can stand in for a replay of the topics as they are: written the way this build reads it, of
 * the same topics, and with the topics still holding what a read from its positions needs.
 */
final class CheckpointFit {

    private CheckpointFit() {
    }

    /** The status and log topics' ids, as the broker gives them now; a checkpoint names the ones it was read from. */
    static Map<String, String> topicIds(Admin admin, RegistryCheckpoint.Where where) throws Exception {
        Map<String, String> ids = new HashMap<>();
        admin.describeTopics(List.of(where.statusTopic(), where.logsTopic())).allTopicNames()
                .get(where.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .forEach((name, d) -> ids.put(name, d.topicId().toString()));
        return Map.copyOf(ids);
    }

    /**
     * Why the checkpoint with header {@code h} cannot stand in for a replay, for a registry that packs as
     * {@code packedForm}, keeps the parts {@code partNames} and reads the topics of {@code topicIds}; null when it can.
     */
    static String refusal(CheckpointFile.Header h, Admin admin, RegistryCheckpoint.Where where, String packedForm,
            List<String> partNames, Map<String, String> topicIds, long nowMs) throws Exception {
        if (!where.layout().equals(h.layout()) || !packedForm.equals(h.packedForm())) {
            return "written with " + h.layout() + " packing " + h.packedForm() + ", this is " + where.layout()
                    + " packing " + packedForm;
        }
        if (h.unread() > 0 && !where.build().equals(h.build())) {
            return "build " + h.build() + " skipped " + h.unread() + " records it could not read, which this build "
                    + where.build() + " might read";
        }
        if (!partNames.equals(h.parts())) {
            return "it keeps " + h.parts() + " beside the registry, this instance " + partNames;
        }
        if (!topicIds.equals(h.topicIds())) {
            return "the topics were created again since";
        }
        return topicsRefusal(h, admin, where, nowMs);
    }

    /**
     * Why the topics as they are now cannot be read on from the checkpoint's positions: written too long ago for the
     * tombstones since, or positions no longer on the topics. Null when they can.
     */
    private static String topicsRefusal(CheckpointFile.Header h, Admin admin, RegistryCheckpoint.Where where,
            long nowMs) throws Exception {
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
