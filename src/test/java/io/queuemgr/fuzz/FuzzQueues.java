package io.queuemgr.fuzz;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.queuemgr.testing.TaskApi;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** The queues a fuzz run makes for itself, and their removal with every task in them once the run is over. */
final class FuzzQueues {

    private final List<String> made = new ArrayList<>();

    String create(String name, String definition) {
        given().contentType(ContentType.JSON).body("{\"name\":\"" + name + "\"" + definition + "}")
                .post("/api/queues").then().statusCode(201);
        made.add(name);
        return name;
    }

    String parked(String name) {
        create(name, ",\"maxConcurrent\":100000");
        given().post("/api/queues/" + name + "/pause").then().statusCode(200);
        return name;
    }

    /** A queue the fuzzer itself may have created; it is removed with the others. */
    void adopt(String name) {
        if (!made.contains(name)) {
            made.add(name);
        }
    }

    /** Cancels what is left in the run's queues, then deletes them. */
    void removeAll() {
        long started = System.nanoTime();
        int cancelled = 0;
        for (String queue : made) {
            List<String> left = unfinished(queue);
            cancelAll(left);
            cancelled += left.size();
        }
        for (String queue : made) {
            await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        cancelAll(unfinished(queue));
                        int status = given().delete("/api/queues/" + queue).statusCode();
                        return status == 204 || status == 404;
                    });
        }
        System.out.printf("Fuzz clean-up: %d tasks cancelled, %d queues removed in %.1f s%n", cancelled, made.size(),
                (System.nanoTime() - started) / 1e9);
    }

    /** Cancels the tasks, several at a time: each cancel waits for Kafka twice. */
    static void cancelAll(List<String> ids) {
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            ids.forEach(id -> pool.submit(() -> given().post("/api/tasks/" + id + "/cancel").statusCode()));
        }
    }

    private static List<String> unfinished(String queue) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            var request = given().queryParam("queue", queue).queryParam("limit", 1000);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/api/tasks").then().statusCode(200).extract().jsonPath();
            List<String> pageIds = page.getList("items.id");
            List<String> statuses = page.getList("items.status");
            for (int i = 0; i < pageIds.size(); i++) {
                if (!TaskApi.FINAL.contains(statuses.get(i))) {
                    ids.add(pageIds.get(i));
                }
            }
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        return ids;
    }
}
