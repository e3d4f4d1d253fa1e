package io.queuemgr.task;

import static io.queuemgr.testing.TaskApi.awaitFinal;
import static io.queuemgr.testing.TaskApi.submitted;
import static io.queuemgr.testing.TaskBuilder.aShellTask;
import static io.queuemgr.testing.TaskBuilder.aTask;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.testing.LocalStackResource;
import io.queuemgr.testing.TaskApi;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class TaskQueryTest {

    @Test
    void listingFiltersByQueueTypeCategoryTagAndStatus() {
        String tag = "q-" + UUID.randomUUID();
        TaskApi.ensureQueue("alpha");
        TaskApi.ensureQueue("beta");
        String a = submitted(aTask().inQueue("alpha").withCategory("reports").withTags(tag, "x"));
        String b = submitted(aTask().inQueue("beta").withCategory("reports").withTags(tag));
        String c = submitted(
                aShellTask("exit 3").with("maxRetries", 0).inQueue("alpha").withCategory("ops").withTags(tag));
        List.of(a, b, c).forEach(id -> awaitFinal(id));

        assertThat(ids("tag=" + tag)).containsExactly(c, b, a);
        assertThat(ids("tag=" + tag + "&queue=alpha")).containsExactly(c, a);
        assertThat(ids("tag=" + tag + "&category=reports")).containsExactly(b, a);
        assertThat(ids("tag=" + tag + "&type=command")).containsExactly(c);
        assertThat(ids("tag=" + tag + "&status=FAILED")).containsExactly(c);
        assertThat(ids("tag=" + tag + "&status=completed")).containsExactly(b, a);
    }

    @Test
    void cursorPagesThroughEveryTaskOnce() {
        String tag = "page-" + UUID.randomUUID();
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            made.add(submitted(aTask().withTags(tag)));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            var page = given().queryParam("tag", tag).queryParam("limit", 3)
                    .queryParam("cursor", cursor == null ? "" : cursor)
                    .get("/api/tasks").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.id"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        assertThat(seen).containsExactlyElementsOf(made.reversed());
    }

    @Test
    void badStatusAndLimitAreProblems() {
        given().get("/api/tasks?status=SLEEPING").then().statusCode(400).contentType("application/problem+json");
        given().get("/api/tasks?limit=0").then().statusCode(400).contentType("application/problem+json");
        given().get("/api/tasks?cursor=zzz").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void logsHoldTheLinesTheCommandPrinted() {
        String id = submitted(aShellTask("echo first; echo second; echo oops >&2"));
        awaitFinal(id);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> {
            List<String> lines = given().get("/api/tasks/" + id + "/logs").then().statusCode(200)
                    .body("taskId", equalTo(id)).extract().jsonPath().getList("lines");
            assertThat(lines).contains("first", "second", "[stderr] oops");
        });
    }

    private static List<String> ids(String query) {
        return given().get("/api/tasks?" + query).then().statusCode(200).extract().jsonPath().getList("items.id");
    }
}
