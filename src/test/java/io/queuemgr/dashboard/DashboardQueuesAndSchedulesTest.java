package io.queuemgr.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.queuemgr.testing.QueueBuilder.aQueue;
import static io.queuemgr.testing.ScheduleApi.aSchedule;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.testing.AdminToken;
import io.queuemgr.testing.Browser;
import io.queuemgr.testing.BrowserSession;
import io.queuemgr.testing.LocalStackResource;
import io.queuemgr.testing.ScheduleApi;

/** Queues paused, resumed and changed, and schedules paused, resumed and deleted from the page, in Chromium. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class DashboardQueuesAndSchedulesTest {

    private static final Duration WITHIN = Duration.ofSeconds(20);
    @RegisterExtension
    static final BrowserSession BROWSER = new BrowserSession();

    @TestHTTPResource("/")
    URI base;

    private Browser browser() {
        return BROWSER.at(base);
    }

    private static void awaitQueue(String queue, String field, Object value) {
        await().atMost(WITHIN).untilAsserted(() -> given().get("/api/queues/" + queue).then().statusCode(200)
                .body(field, equalTo(value)));
    }

    @Test
    void anAdminPausesResumesAndChangesAQueueFromThePage() {
        String queue = aQueue("dash-q").withMaxConcurrent(2).create();
        Page page = browser().signedIn(AdminToken.TOKEN, "#/queues");
        Locator row = page.locator("tr[data-queue='" + queue + "']");
        row.locator("button", new Locator.LocatorOptions().setHasText("Pause")).click();
        assertThat(row.locator(".badge")).hasText("PAUSED");
        awaitQueue(queue, "paused", true);
        row.locator("button", new Locator.LocatorOptions().setHasText("Resume")).click();
        assertThat(row.locator(".badge")).hasText("ACTIVE");
        awaitQueue(queue, "paused", false);

        row.locator("button", new Locator.LocatorOptions().setHasText("Settings")).click();
        Locator form = page.locator("form.settings");
        form.locator("input[name=maxConcurrent]").fill("7");
        form.locator("button[type=submit]").click();
        awaitQueue(queue, "maxConcurrent", 7);
        assertThat(page.locator("tr[data-queue='" + queue + "'] td.num").nth(1)).containsText("/ 7");
        page.context().close();
    }

    @Test
    void anOperatorPausesResumesAndDeletesASchedule() {
        String name = "dash-s-" + UUID.randomUUID().toString().substring(0, 8);
        ScheduleApi.created(aSchedule(name, "0 3 1 1 *", "skip", name, 0));
        Page page = browser().signedIn(AdminToken.TOKEN, "#/schedules");
        Locator row = page.locator("tr[data-schedule='" + name + "']");
        assertThat(row).containsText("0 3 1 1 *");
        Browser.screenshot(page, "schedules");

        row.locator("[data-action=pause]").click();
        assertThat(row.locator(".badge")).hasText("PAUSED");
        await().atMost(WITHIN).untilAsserted(() -> given().get("/api/schedules/" + name).then()
                .body("paused", equalTo(true)));
        row.locator("[data-action=resume]").click();
        assertThat(row.locator(".badge")).hasText("ACTIVE");
        await().atMost(WITHIN).untilAsserted(() -> given().get("/api/schedules/" + name).then()
                .body("paused", equalTo(false)));

        row.locator("[data-action=delete]").click();
        assertThat(row).hasCount(0);
        given().get("/api/schedules/" + name).then().statusCode(404);
        page.context().close();
    }
}
