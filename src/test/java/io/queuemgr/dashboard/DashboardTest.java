package io.queuemgr.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.queuemgr.testing.TaskApi.awaitStatus;
import static io.queuemgr.testing.TaskApi.submitted;
import static io.queuemgr.testing.TaskBuilder.aShellTask;
import static io.queuemgr.testing.TaskBuilder.aTask;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.testing.AdminToken;
import io.queuemgr.testing.Browser;
import io.queuemgr.testing.BrowserSession;
import io.queuemgr.testing.LocalStackResource;
import io.queuemgr.testing.Tokens;

/** The dashboard in Debian's Chromium against the real service: sign-in, live tasks, the task page and roles. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class DashboardTest {

    private static final LocatorAssertions.HasTextOptions WITHIN = new LocatorAssertions.HasTextOptions()
            .setTimeout(30_000);
    @RegisterExtension
    static final BrowserSession BROWSER = new BrowserSession();

    @TestHTTPResource("/")
    URI base;

    private Browser browser() {
        return BROWSER.at(base);
    }

    @Test
    void thePageAndItsAssetsNeedNoCredentialButTheApiDoes() {
        given().header("Authorization", "").get("/").then().statusCode(200)
                .body(containsString("js/main.js"));
        given().header("Authorization", "").get("/js/events.js").then().statusCode(200);
        given().header("Authorization", "").get("/css/app.css").then().statusCode(200);
        given().header("Authorization", "").get("/api/me").then().statusCode(401);
    }

    @Test
    void meAnswersTheCallersNameAndEveryRoleItsRolesInclude() {
        Tokens.Made operator = Tokens.make("operator");
        operator.as().get("/api/me").then().statusCode(200).body("name", equalTo(operator.name()))
                .body("roles", equalTo(List.of("viewer", "submitter", "operator")));
        Tokens.Made worker = Tokens.make("worker");
        worker.as().get("/api/me").then().statusCode(200).body("roles", equalTo(List.of("worker")));
    }

    @Test
    void aWrongTokenIsRefusedWithAMessageAndNothingIsShown() {
        Page page = browser().open();
        page.fill("#token", "qm_not-a-token-of-this-service");
        page.click("form.signin button");
        assertThat(page.locator("form.signin [role=alert]")).containsText("refused");
        assertThat(page.locator("header.top")).isHidden();
        page.context().close();
    }

    @Test
    void submittedTasksAppearAndChangeStatusWithoutAReload() {
        Page page = browser().signedIn(AdminToken.TOKEN, "#/tasks");
        assertThat(page.locator("#live")).hasText("live", WITHIN);
        page.evaluate("window.sameDocument = true");
        String quick = submitted(aTask().withTags("dash-live"));
        String slow = submitted(aShellTask("sleep 2; echo done").withTags("dash-live"));
        assertThat(page.locator("tr[data-task-id='" + quick + "'] .status")).hasText("COMPLETED", WITHIN);
        assertThat(page.locator("tr[data-task-id='" + slow + "'] .status")).hasText("RUNNING", WITHIN);
        assertThat(page.locator("tr[data-task-id='" + slow + "'] .status")).hasText("COMPLETED", WITHIN);
        org.assertj.core.api.Assertions.assertThat(page.evaluate("window.sameDocument")).isEqualTo(true);
        Browser.screenshot(page, "tasks");
        page.context().close();
    }

    @Test
    void theTaskPageFollowsTheLogAndItsActionsPauseResumeCancelAndRetry() {
        String id = submitted(aShellTask("for i in $(seq 1 600); do echo line-$i; sleep 0.2; done")
                .withTags("dash-actions"));
        Page page = browser().signedIn(AdminToken.TOKEN, "#/task/" + id);
        assertThat(page.locator("#log")).containsText("line-3", new LocatorAssertions.ContainsTextOptions()
                .setTimeout(30_000));
        assertThat(page.locator(".page-head .badge")).hasText("RUNNING", WITHIN);
        Browser.screenshot(page, "task");
        page.click("#actions [data-action=pause]");
        assertThat(page.locator(".page-head .badge")).hasText("PAUSED", WITHIN);
        page.click("#actions [data-action=resume]");
        assertThat(page.locator(".page-head .badge")).hasText("RUNNING", WITHIN);
        page.click("#actions [data-action=cancel]");
        assertThat(page.locator(".page-head .badge")).hasText("CANCELLED", WITHIN);
        awaitStatus(id, "CANCELLED", Duration.ofSeconds(10));
        page.click("#actions [data-action=retry]");
        assertThat(page.locator(".page-head .badge")).not().hasText("CANCELLED", WITHIN);
        given().get("/api/tasks/" + id).then().body("status", not(equalTo("CANCELLED")));
        given().post("/api/tasks/" + id + "/cancel");
        page.context().close();
    }
}
