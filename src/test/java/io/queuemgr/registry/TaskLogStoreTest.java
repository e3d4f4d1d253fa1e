package io.queuemgr.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import io.queuemgr.config.QueuemgrConfig;
import io.queuemgr.testing.ConfigDefaults;

class TaskLogStoreTest {

    private final TaskLogStore logs = new TaskLogStore(ConfigDefaults.of(QueuemgrConfig.class));

    @Test
    void aLogReadWhileTheCheckpointIsWrittenDoesNotWaitForTheFile() throws IOException {
        UUID task = UUID.randomUUID();
        logs.append(task, List.of("one", "two"));
        CompletableFuture<List<String>> read = new CompletableFuture<>();
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        OutputStream stuck = new OutputStream() {
            @Override
            public void write(int b) {
                if (!read.isDone()) {
                    // A REST read of the log arrives while the file is written (here: at its first byte).
                    Thread.ofPlatform().start(() -> read.complete(logs.get(task)));
                    await("a log read while the file is written").atMost(Duration.ofSeconds(10))
                            .until(read::isDone);
                }
                written.write(b);
            }
        };
        try (DataOutputStream out = new DataOutputStream(stuck)) {
            logs.save(out);
        }
        assertThat(read.join()).containsExactly("one", "two");

        TaskLogStore restored = new TaskLogStore(ConfigDefaults.of(QueuemgrConfig.class));
        restored.restore(new DataInputStream(new ByteArrayInputStream(written.toByteArray())));
        assertThat(restored.get(task)).containsExactly("one", "two");
    }
}
