package io.queuemgr.registry;

import static io.queuemgr.testing.TaskBuilder.aTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.queuemgr.json.InstantJson;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskCodec;
import io.queuemgr.task.TaskStatus;

/** The checkpoint's tasks are filed on a thread of their own: all of them, and a failure on either side ends both. */
class FilingThreadTest {

    private final TaskCodec codec;

    FilingThreadTest() {
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule());
        new InstantJson().customize(mapper);
        codec = new TaskCodec(mapper);
    }

    private List<TaskStore.Restored> batch(int n) {
        List<TaskStore.Restored> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Task t = aTask().in(TaskStatus.RUNNING);
            batch.add(new TaskStore.Restored(t.id(), RegistryEntry.of(t), codec.encode(t), false));
        }
        return batch;
    }

    private static boolean filingThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("queuemgr-checkpoint-filing") && t.isAlive());
    }

    @Test
    void everyBatchHandedOverIsFiledWhenFinishReturns() throws Exception {
        TaskRegistry registry = new TaskRegistry(codec);
        List<TaskStore.Restored> all = new ArrayList<>();
        try (FilingThread filing = new FilingThread(registry.copies())) {
            for (int i = 0; i < 20; i++) {
                List<TaskStore.Restored> b = batch(100);
                all.addAll(b);
                filing.file(b);
            }
            filing.finish();
            assertThat(registry.size()).isEqualTo(all.size());
        }
        for (TaskStore.Restored r : all) {
            assertThat(registry.get(r.id()).map(Task::id)).hasValue(r.id());
        }
        assertThat(filingThreadAlive()).isFalse();
    }

    @Test
    void aFailureWhileFilingReachesTheReadingSideAsItIs() {
        RegistryCopies failing = new RegistryCopies(new TaskRegistry(codec)) {
            private int batches;

            @Override
            void restore(List<TaskStore.Restored> tasks) {
                if (++batches == 2) {
                    throw new OutOfMemoryError("filing");
                }
                super.restore(tasks);
            }
        };
        assertThatThrownBy(() -> {
            try (FilingThread filing = new FilingThread(failing)) {
                for (int i = 0; i < 100; i++) {
                    filing.file(batch(10));
                }
                filing.finish();
            }
        }).isInstanceOf(OutOfMemoryError.class).hasMessage("filing");
        assertThat(filingThreadAlive()).isFalse();
    }

    @Test
    void aFailureWhileReadingStopsTheFilingThread() {
        TaskRegistry registry = new TaskRegistry(codec);
        assertThatThrownBy(() -> {
            try (FilingThread filing = new FilingThread(registry.copies())) {
                filing.file(batch(10));
                throw new IOException("truncated");
            }
        }).hasMessage("truncated");
        assertThat(filingThreadAlive()).isFalse();
    }
}
