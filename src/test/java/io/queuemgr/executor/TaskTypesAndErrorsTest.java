package io.queuemgr.executor;

import static io.queuemgr.testing.TaskApi.awaitFinal;
import static io.queuemgr.testing.TaskApi.submitted;
import static io.queuemgr.testing.TaskBuilder.aTask;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.testing.LocalStackResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class TaskTypesAndErrorsTest {

    @Test
    @SuppressWarnings("unchecked")
    void everyTypeIsListedWithItsAliasesDefaultsCapabilitiesAndParamsSchema() {
        JsonPath types = given().get("/api/task-types").then().statusCode(200).extract().jsonPath();
        assertThat(types.getList("name", String.class)).contains("command", "external", "noop", "script", "webhook");
        Map<String, Object> command = types.getMap("find { it.name == 'command' }");
        assertThat((List<Object>) command.get("aliases")).containsExactly("CUSTOM_COMMAND");
        assertThat(command.get("category")).isEqualTo("command");
        assertThat((List<Object>) command.get("capabilities")).containsExactly("cancellable", "pausable", "runsCode");
        assertThat(types.getString("find { it.name == 'command' }.paramsSchema.required[0]")).isEqualTo("command");
        assertThat(types.getString("find { it.name == 'webhook' }.paramsSchema.properties.url.type"))
                .isEqualTo("string");
    }

    @Test
    void aTypeIsFoundByItsSeedStyleAliasAndAnUnknownOneIsAProblem() {
        given().get("/api/task-types/CUSTOM_WEBHOOK").then().statusCode(200).body("name", equalTo("webhook"));
        given().get("/api/task-types/teleport").then().statusCode(404)
                .contentType("application/problem+json").body("detail", org.hamcrest.Matchers.containsString(
                        "/api/task-types"));
    }

    @Test
    void aTaskSubmittedByAliasRunsAsItsTypeWithTheTypesCategoryAndTags() {
        String id = submitted(aTask().ofType("CUSTOM_COMMAND").withParam("command", "true"));
        JsonPath done = awaitFinal(id);
        assertThat(done.getString("type")).isEqualTo("command");
        assertThat(done.getString("category")).isEqualTo("command");
        assertThat(done.getList("tags", String.class)).containsExactly("command", "local-execution");
        assertThat(done.getString("status")).isEqualTo("COMPLETED");
    }

    @Test
    void categoryAndTagsGivenOnTheSubmissionWin() {
        String id = submitted(aTask().withCategory("mine").withTags("a"));
        JsonPath done = awaitFinal(id);
        assertThat(done.getString("category")).isEqualTo("mine");
        assertThat(done.getList("tags", String.class)).containsExactly("a");
    }

    @Test
    void theCatalogueListsTheSeedFamiliesCodesWithSuggestionsAndRetryability() {
        JsonPath errors = given().get("/api/errors").then().statusCode(200).extract().jsonPath();
        assertThat(errors.getList("code", String.class)).contains("DOCKER_IMAGE_NOT_FOUND",
                "K8S_NAMESPACE_NOT_FOUND", "VAST_QUOTA_EXCEEDED", "GITHUB_MERGE_CONFLICT", "SYSTEM_DISK_SPACE",
                "NETWORK_SSL_ERROR", "DATA_PARSING_FAILED", "SSH_HOST_KEY_MISMATCH", "SCP_PERMISSION_DENIED",
                "COMMAND_FAILED", "TASK_TIMEOUT");
        assertThat(errors.getList("findAll { it.suggestions.isEmpty() }")).isEmpty();
        given().get("/api/errors/SSH_AUTHENTICATION_FAILED").then().statusCode(200)
                .body("family", equalTo("ssh")).body("retryable", equalTo(false));
        given().queryParam("family", "docker").get("/api/errors").then().statusCode(200)
                .body("family", not(hasItem("ssh"))).body("code", hasItems("DOCKER_PUSH_FAILED"));
        given().get("/api/errors/NO_SUCH_CODE").then().statusCode(404);
    }

    @Test
    void aFailureThatCannotSucceedIsNotRetriedAndCarriesItsSuggestions() {
        String id = submitted(aTask().ofType("command").withParam("command", "/no/such/program").with("maxRetries", 3));
        JsonPath done = awaitFinal(id);
        assertThat(done.getString("status")).isEqualTo("FAILED");
        assertThat(done.getString("error.code")).as(done.prettify()).isEqualTo("COMMAND_NOT_FOUND");
        assertThat(done.getInt("attempt")).isEqualTo(1);
        assertThat(done.getList("error.suggestions")).isNotEmpty();
    }

    @Test
    void theOpenApiDocumentCarriesEachTypesParamsSchema() {
        given().accept(ContentType.JSON).get("/q/openapi").then().statusCode(200)
                .body("components.schemas.'params.command'.required", hasItem("command"))
                .body("components.schemas.'params.webhook'.properties.url.type", equalTo("string"));
    }
}
