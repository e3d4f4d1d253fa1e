package io.queuemgr.secret;

import static io.queuemgr.testing.TaskApi.awaitFinal;
import static io.queuemgr.testing.TaskApi.submitted;
import static io.queuemgr.testing.TaskBuilder.aShellTask;
import static io.queuemgr.testing.TaskBuilder.aTask;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.testing.HeaderEcho;
import io.queuemgr.testing.LeakSearch;
import io.queuemgr.testing.LocalStack;
import io.queuemgr.testing.LocalStackResource;
import io.queuemgr.testing.TaskBuilder;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The canary of issue 9: tasks print a secret of a value unique to the run in every way they can, then every topic,
 * every table, the service log and every API answer is searched for that value.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class SecretCanaryTest {

    /** QUEUEMGR_SECRET_CANARY_ENV is set on the test JVM by surefire (pom.xml), with the build's time in it. */
    private static final String ENV_SECRET = "CANARY_ENV";

    /** Every way a shell can print: stdout, stderr, and a last line without a newline. */
    private static final String PRINT = "echo $TOKEN; echo $TOKEN >&2; echo \"env $ENV_TOKEN\"; "
            + "echo \"env $ENV_TOKEN\" >&2; printf '%s' \"$TOKEN\"";

    @ConfigProperty(name = "queuemgr.secrets.dir")
    String secretsDir;

    @ConfigProperty(name = "quarkus.log.file.path")
    String logFile;

    @Inject
    Pool pool;

    private final String name = "canary-" + UUID.randomUUID();
    private final String value = "canary-" + UUID.randomUUID();
    private final String envValue = System.getenv("QUEUEMGR_SECRET_" + ENV_SECRET);
    private Path serviceLog;
    private Path work;
    private long logBefore;
    private HeaderEcho echo;

    @BeforeEach
    void writeTheSecretAndStartTheReceiver() throws IOException {
        assertThat(envValue).as("QUEUEMGR_SECRET_CANARY_ENV from pom.xml").startsWith("canary-env-");
        Files.createDirectories(Path.of(secretsDir));
        Files.writeString(Path.of(secretsDir, name), value + "\n");
        // Scripts must lie under an allowed root; /tmp is one.
        work = Files.createTempDirectory(Path.of("/tmp"), "canary-");
        serviceLog = Path.of(logFile);
        // What the service logged before these tasks cannot hold their secret; an earlier build's log is not searched.
        logBefore = Files.exists(serviceLog) ? Files.size(serviceLog) : 0;
        echo = HeaderEcho.start();
    }

    @AfterEach
    void removeTheSecretTheScriptAndTheReceiver() throws IOException {
        echo.close();
        Files.deleteIfExists(Path.of(secretsDir, name));
        try (Stream<Path> files = Files.walk(work)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void aSecretTasksPrintInEveryWayIsFoundInNoTopicTableServiceLogOrApiAnswer() throws IOException {
        String queue = aQueueThatRetriesAfterASecond();
        Map<String, String> tasks = new LinkedHashMap<>();
        tasks.put("printing", submitted(aShellTask(PRINT).inQueue(queue).withParam("env", env())));
        tasks.put("failing", submitted(aShellTask("echo \"login failed for $TOKEN and $ENV_TOKEN\" >&2; "
                + "echo \"$TOKEN\"; exit 3").inQueue(queue).withParam("env", env()).with("maxRetries", 0)));
        Path firstTry = work.resolve("first-try");
        tasks.put("retrying", submitted(aShellTask("if [ -e " + firstTry + " ]; then echo \"second try $TOKEN\"; "
                + "else touch " + firstTry + "; echo \"first try $TOKEN\" >&2; exit 5; fi").inQueue(queue)
                .withParam("env", env()).with("maxRetries", 1)));
        tasks.put("script", submitted(aTask().ofType("script").inQueue(queue)
                .withParam("scriptPath", script().toString()).withParam("env", env())));
        tasks.put("webhook", submitted(webhook("/ok").inQueue(queue)));
        tasks.put("refused webhook", submitted(webhook("/refuse").inQueue(queue).with("maxRetries", 0)));

        Map<String, JsonPath> done = new LinkedHashMap<>();
        tasks.forEach((what, id) -> done.put(what, awaitFinal(id, Duration.ofSeconds(60))));
        theTasksRanWithTheSecretAndShowedItAsStars(done, queue);
        awaitTheProjections(done);

        Map<String, String> answers = apiAnswers(tasks, queue);
        // The secret's name, which the tasks carry, is looked for too: it shows that the searches read what the tasks
        // left behind.
        LeakSearch search = LeakSearch.of(value, envValue, name);
        Map<String, List<String>> inTopics = search.inTopics(LocalStack.get().kafkaBootstrap());
        Map<String, List<String>> inTables = search.inTables(pool);
        Map<String, List<String>> inLog = search.inFile(serviceLog, logBefore);
        Map<String, List<String>> inAnswers = new LinkedHashMap<>();
        answers.forEach((request, body) -> search.inText(request, body)
                .forEach((text, where) -> inAnswers.computeIfAbsent(text, t -> new ArrayList<>()).addAll(where)));
        for (String secret : List.of(value, envValue)) {
            List<String> found = new ArrayList<>();
            for (Map<String, List<String>> place : List.of(inTopics, inTables, inLog, inAnswers)) {
                found.addAll(place.getOrDefault(secret, List.of()));
            }
            assertThat(found).as("where %s was found", secret).isEmpty();
        }
        assertThat(inTopics.get(name)).isNotEmpty();
        assertThat(inTables.get(name)).isNotEmpty();
        assertThat(search.inText("GET /api/tasks", answers.get("GET /api/tasks?limit=1000")).get(name)).isNotEmpty();
    }

    private void theTasksRanWithTheSecretAndShowedItAsStars(Map<String, JsonPath> done, String queue) {
        JsonPath printing = done.get("printing");
        assertThat(printing.getString("status")).isEqualTo("COMPLETED");
        assertThat(printing.getString("result.stdout")).isEqualTo("***\nenv ***\n***\n");
        assertThat(printing.getString("result.stderr")).isEqualTo("***\nenv ***\n");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                given().get("/api/tasks/" + printing.getString("id") + "/logs").jsonPath().getList("lines"))
                .contains("***", "[stderr] ***", "env ***", "[stderr] env ***"));

        JsonPath failing = done.get("failing");
        assertThat(failing.getString("status")).isEqualTo("FAILED");
        assertThat(failing.getString("error.message")).endsWith("login failed for *** and ***");
        assertThat(failing.getString("result.stdout")).isEqualTo("***\n");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                given().get("/api/queues/" + queue + "/dead").jsonPath().getList("items.id"))
                .contains(failing.getString("id")));

        JsonPath retrying = done.get("retrying");
        assertThat(retrying.getString("status")).isEqualTo("COMPLETED");
        assertThat(retrying.getInt("attempt")).isEqualTo(2);
        assertThat(retrying.getString("result.stdout")).isEqualTo("second try ***\n");

        JsonPath script = done.get("script");
        assertThat(script.getString("status")).isEqualTo("COMPLETED");
        assertThat(script.getString("result.stdout")).isEqualTo("script sees ***\n***\n");
        assertThat(script.getString("result.stderr")).isEqualTo("***\n");

        JsonPath webhook = done.get("webhook");
        assertThat(webhook.getString("status")).isEqualTo("COMPLETED");
        assertThat(webhook.getString("result.body")).isEqualTo("{\"youSent\":\"*** ***\"}");
        JsonPath refused = done.get("refused webhook");
        assertThat(refused.getString("status")).isEqualTo("FAILED");
        assertThat(refused.getString("error.message")).isEqualTo("Unexpected HTTP status 401: bad token *** ***");
        // The far end got the values themselves.
        assertThat(echo.received()).containsExactly(value + " " + envValue, value + " " + envValue);
    }

    /** Waits until PostgreSQL holds every task's final snapshot and its audit record. */
    private void awaitTheProjections(Map<String, JsonPath> done) {
        for (JsonPath task : done.values()) {
            UUID id = UUID.fromString(task.getString("id"));
            await().atMost(Duration.ofSeconds(30)).until(() -> count(
                    "SELECT count(*) FROM task_history WHERE id = $1 AND version = $2",
                    Tuple.of(id, task.getLong("version"))) == 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> count(
                    "SELECT count(*) FROM audit_log WHERE target = $1", Tuple.of(id.toString())) > 0);
        }
    }

    private long count(String sql, Tuple args) {
        return pool.preparedQuery(sql).execute(args).await().atMost(Duration.ofSeconds(5)).iterator().next()
                .getLong(0);
    }

    /** Every answer of the API about these tasks, by request line. */
    private Map<String, String> apiAnswers(Map<String, String> tasks, String queue) {
        List<String> paths = new ArrayList<>();
        for (String id : tasks.values()) {
            paths.add("/api/tasks/" + id);
            paths.add("/api/tasks/" + id + "/logs");
            paths.add("/api/audit?target=" + id);
        }
        paths.addAll(List.of("/api/tasks?queue=" + queue + "&limit=1000", "/api/tasks?limit=1000",
                "/api/tasks/history?queue=" + queue + "&limit=1000", "/api/queues/" + queue + "/dead?limit=1000",
                "/api/queues/failed-tasks?limit=1000", "/api/queues/" + queue, "/api/queues", "/api/stats",
                "/api/audit?limit=1000", "/q/metrics"));
        Map<String, String> answers = new LinkedHashMap<>();
        for (String path : paths) {
            answers.put("GET " + path, given().get(path).then().statusCode(200).extract().asString());
        }
        return answers;
    }

    private String aQueueThatRetriesAfterASecond() {
        String queue = "canary-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON).body("{\"name\":\"" + queue + "\",\"retryBaseDelay\":\"1s\"}")
                .post("/api/queues").then().statusCode(201);
        return queue;
    }

    private Map<String, Object> env() {
        return Map.of("TOKEN", ref(name), "ENV_TOKEN", ref(ENV_SECRET));
    }

    private TaskBuilder webhook(String path) {
        return aTask().ofType("webhook").withParam("url", echo.url(path))
                .withParam("headers", Map.of("Authorization", ref(name), "X-Env", ref(ENV_SECRET)));
    }

    private Path script() throws IOException {
        return Files.writeString(work.resolve("print-secret.sh"),
                "echo \"script sees $TOKEN\"\necho \"$ENV_TOKEN\" >&2\nprintf '%s' \"$TOKEN\"\n");
    }

    private static Map<String, String> ref(String name) {
        return Map.of("secretRef", name);
    }
}
