package io.queuemgr.registry;

import static io.queuemgr.testing.TaskBuilder.aTask;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.SerializationFeature;

import io.queuemgr.config.QueuemgrConfig;
import io.queuemgr.messaging.QueuePartitions;
import io.queuemgr.messaging.Topics;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskCodec;
import io.queuemgr.task.TaskStatus;
import io.queuemgr.testing.ConfigDefaults;
import io.queuemgr.testing.PlainRecords;

/** Records of the status topic as the registry reader applies them: what it cannot read is skipped and counted. */
class StatusRecordsTest {

    private final QueuemgrConfig config = ConfigDefaults.of(QueuemgrConfig.class);
    private final Topics topics = new Topics(config);
    private final TaskCodec codec = new TaskCodec(
            PlainRecords.MAPPER.copy().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS));
    private final TaskRegistry registry = new TaskRegistry(codec);
    private final UnreadRecords unread = new UnreadRecords();
    private final StatusRecords records = new StatusRecords(topics, registry, new TaskLogStore(config),
            PlainRecords.MAPPER, codec, List.of(), new StaleSnapshots(registry, t -> {
            }), unread, new MisplacedTasks(topics, new QueuePartitions(), registry));

    private ConsumerRecord<String, byte[]> status(long offset, String key, byte[] value) {
        return new ConsumerRecord<>(topics.taskStatus(), 0, offset, key, value);
    }

    @Test
    void recordsItCannotReadAreSkippedAndCountedAndTheOthersApplied() {
        Task good = aTask().in(TaskStatus.COMPLETED);

        records.apply(List.of(status(0, "not-a-task-id", codec.encode(good)),
                status(1, UUID.randomUUID().toString(), "{\"written by\": \"a newer build\"".getBytes(
                        StandardCharsets.UTF_8)),
                status(2, good.id().toString(), codec.encode(good))));

        assertThat(unread.count()).isEqualTo(2);
        assertThat(registry.get(good.id())).hasValue(good);
        assertThat(registry.size()).isEqualTo(1);
    }

    @Test
    void aRegistryThatReadEveryRecordCountsNone() {
        Task good = aTask().in(TaskStatus.RUNNING);

        records.apply(List.of(status(0, good.id().toString(), codec.encode(good))));

        assertThat(unread.count()).isZero();
    }
}
