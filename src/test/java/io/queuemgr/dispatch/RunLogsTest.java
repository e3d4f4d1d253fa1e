package io.queuemgr.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.queuemgr.messaging.TaskLogBatch;
import io.queuemgr.secret.Redactor;

class RunLogsTest {

    private final UUID id = UUID.randomUUID();
    private final List<TaskLogBatch> sent = new CopyOnWriteArrayList<>();
    private final Redactor redactor = new Redactor();
    private final RunLogs logs = new RunLogs(id, 2, 20, redactor, batch -> {
        sent.add(batch);
        return CompletableFuture.completedFuture(null);
    });

    @Test
    void aSecretIsHiddenBeforeALongLineIsCut() {
        redactor.hide("hunter2hunter2");
        logs.add("0123456789abcde hunter2hunter2 and more");
        logs.flush();
        assertThat(sent).singleElement().satisfies(b -> {
            assertThat(b.taskId()).isEqualTo(id);
            assertThat(b.attempt()).isEqualTo(2);
            assertThat(b.lines()).containsExactly("0123456789abcde ***  [8 more characters cut]");
        });
    }

    @Test
    void linesLeaveInBatchesOfTwoHundredAndTheRestOnFlush() {
        for (int i = 0; i < 201; i++) {
            logs.add("line " + i);
        }
        assertThat(sent).singleElement().satisfies(b -> assertThat(b.lines()).hasSize(200));
        assertThat(logs.hasUnsent()).isTrue();
        logs.flush();
        assertThat(sent.get(1).lines()).containsExactly("line 200");
        assertThat(logs.hasUnsent()).isFalse();
        logs.flush();
        assertThat(sent).hasSize(2);
    }
}
