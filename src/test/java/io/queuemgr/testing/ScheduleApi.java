package io.queuemgr.testing;

import static io.restassured.RestAssured.given;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** Schedules made and read over /api/schedules as a user would, and the tasks they made, found by a tag. */
public final class ScheduleApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ScheduleApi() {
    }

    /** A schedule body: the template is a noop task tagged {@code tag}, sleeping {@code durationMs}. */
    public static ObjectNode aSchedule(String name, String cron, String overlap, String tag, long durationMs) {
        ObjectNode body = JSON.createObjectNode().put("name", name).put("cron", cron).put("overlap", overlap);
        ObjectNode task = body.putObject("task").put("type", "noop");
        task.putArray("tags").add(tag);
        task.putObject("params").put("durationMs", durationMs);
        return body;
    }

    public static Response create(ObjectNode body) {
        return given().contentType(ContentType.JSON).body(body.toString()).post("/api/schedules");
    }

    /** Creates the schedule, failing unless the service answers 201. */
    public static void created(ObjectNode body) {
        create(body).then().statusCode(201);
    }

    /** The tasks carrying the tag, oldest first. */
    public static List<JsonPath> tasksTagged(String tag) {
        List<java.util.Map<String, Object>> items = given().queryParam("tag", tag).queryParam("limit", 1000)
                .get("/api/tasks").then().statusCode(200).extract().jsonPath().getList("items");
        return items.stream().map(m -> new JsonPath(toJson(m))).sorted(
                java.util.Comparator.comparing(t -> java.time.Instant.parse(t.getString("createdAt")))).toList();
    }

    public static int countTagged(String tag) {
        return tasksTagged(tag).size();
    }

    private static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
