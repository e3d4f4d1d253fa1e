package io.queuemgr.executor.data;

import static io.queuemgr.executor.data.ExportTasks.CODEC;
import static io.queuemgr.executor.data.ExportTasks.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.history.TaskHistoryQuery;
import io.queuemgr.task.TaskError;
import io.queuemgr.task.TaskFailure;
import io.queuemgr.testing.FakeContext;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;

/** Exporting the history when PostgreSQL is down or stops answering: a coded failure or a clean stop, no file. */
class ExportFromHistoryTest {

    @TempDir
    Path dir;

    private final Vertx vertx = Vertx.vertx();
    private final ExportTasks tasks = new ExportTasks();
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws IOException {
        for (Socket s : accepted) {
            s.close();
        }
        vertx.closeAndAwait();
    }

    private TaskHistoryQuery historyAt(int port) {
        Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1))
                .connectingTo(new PgConnectOptions().setHost("127.0.0.1").setPort(port).setDatabase("queuemgr")
                        .setUser("queuemgr").setPassword("none").setConnectTimeout(2_000))
                .using(vertx).build();
        return new TaskHistoryQuery(pool, CODEC);
    }

    @Test
    void aDatabaseThatIsDownFailsAsRetryableSourceUnavailableAndLeavesNoFile() throws IOException {
        int closedPort;
        try (ServerSocket free = new ServerSocket(0)) {
            closedPort = free.getLocalPort();
        }
        var exporter = tasks.exporter(dir, 500, historyAt(closedPort), Duration.ofSeconds(10));
        TaskFailure failure = catchThrowableOfType(TaskFailure.class, () -> FakeContext.forType("data.export")
                .run(exporter, params("history", dir.resolve("history.jsonl"))));
        TaskError error = failure.error();
        assertThat(error.code()).isEqualTo("DATA_SOURCE_UNAVAILABLE");
        assertThat(error.retryable()).isTrue();
        assertThat(error.suggestions()).isNotEmpty();
        assertThat(error.message()).contains("PostgreSQL").doesNotContain("Exception");
        assertThat(dir.toFile().list()).isEmpty();
    }

    @Test
    void aDatabaseThatNeverAnswersFailsAfterTheQueryTimeout() throws IOException {
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread.ofVirtual().start(() -> acceptAll(silent));
            var exporter = tasks.exporter(dir, 500, historyAt(silent.getLocalPort()), Duration.ofMillis(500));
            TaskFailure failure = catchThrowableOfType(TaskFailure.class, () -> FakeContext.forType("data.export")
                    .run(exporter, params("history", dir.resolve("history.csv"))));
            assertThat(failure.error().code()).isEqualTo("DATA_SOURCE_UNAVAILABLE");
            assertThat(failure.error().message()).contains("no answer within");
        }
        assertThat(dir.toFile().list()).isEmpty();
    }

    @Test
    void aCancelWhileWaitingForTheDatabaseStopsTheExportAndLeavesNoFile() throws IOException {
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread.ofVirtual().start(() -> acceptAll(silent));
            var exporter = tasks.exporter(dir, 500, historyAt(silent.getLocalPort()), Duration.ofMinutes(5));
            FakeContext context = FakeContext.forType("data.export");
            CompletableFuture<TaskOutcome> outcome = context.start(exporter, params("history", dir.resolve("h.csv")));
            await().atMost(Duration.ofSeconds(10)).until(() -> !accepted.isEmpty());
            context.cancel();
            TaskOutcome stopped = FakeContext.await(outcome, Duration.ofSeconds(10));
            assertThat(stopped).isInstanceOf(TaskOutcome.Stopped.class);
            assertThat(((TaskOutcome.Stopped) stopped).partialResult().path("rows").asLong()).isZero();
        }
        assertThat(dir.toFile().list()).isEmpty();
    }

    /** A server that takes connections and never says a word, as a hung database does. */
    private void acceptAll(ServerSocket server) {
        try {
            while (!server.isClosed()) {
                accepted.add(server.accept());
            }
        } catch (IOException closed) {
            // the test closed the server
        }
    }
}
