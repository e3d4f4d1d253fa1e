package io.queuemgr.testing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** The REST calls tests make as a user would, and waiting on a task's status with a deadline. */
public final class TaskApi {

    public static final Set<String> FINAL = Set.of("COMPLETED", "FAILED", "CANCELLED", "TIMEOUT");

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private TaskApi() {
    }

    /** Creates the queue with its defaults unless it exists. */
    public static void ensureQueue(String name) {
        int status = given().contentType(ContentType.JSON).body("{\"name\":\"" + name + "\"}").post("/api/queues")
                .statusCode();
        if (status != 201 && status != 409) {
            throw new IllegalStateException("Creating queue " + name + " answered " + status);
        }
    }

    public static Response submit(TaskBuilder task) {
        return given().contentType(ContentType.JSON).body(task.json()).post("/api/tasks");
    }

    /** Submits and answers the new task's id, failing unless the service accepted it. */
    public static String submitted(TaskBuilder task) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port
                + RestAssured.basePath + "/api/tasks")).header("Content-Type", "application/json")
                .header("Authorization", AdminToken.bearer()).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(task.json())).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 202) {
                throw new AssertionError("POST /api/tasks answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body()).path("id").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonPath task(String id) {
        return given().get("/api/tasks/" + id).then().statusCode(200).extract().jsonPath();
    }

    /** Waits until the task reaches a final status and answers its snapshot. */
    public static JsonPath awaitFinal(String id, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(50)).until(
                () -> given().get("/api/tasks/" + id).statusCode() == 200
                        && FINAL.contains(given().get("/api/tasks/" + id).jsonPath().getString("status")));
        return task(id);
    }

    public static JsonPath awaitFinal(String id) {
        return awaitFinal(id, Duration.ofSeconds(30));
    }

    public static JsonPath awaitStatus(String id, String status, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(50)).until(
                () -> given().get("/api/tasks/" + id).statusCode() == 200
                        && status.equals(given().get("/api/tasks/" + id).jsonPath().getString("status")));
        return task(id);
    }
}
