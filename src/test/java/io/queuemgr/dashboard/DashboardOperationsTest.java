package io.queuemgr.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.queuemgr.testing.QueueBuilder.aQueue;
import static io.queuemgr.testing.TaskApi.awaitFinal;
import static io.queuemgr.testing.TaskApi.awaitStatus;
import static io.queuemgr.testing.TaskApi.submitted;
import static io.queuemgr.testing.TaskBuilder.aShellTask;
import static io.queuemgr.testing.TaskBuilder.aTask;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

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

/** The dashboard's dead letters, its charts, and what a viewer is shown, in Debian's Chromium. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class DashboardOperationsTest {

    private static final LocatorAssertions.HasTextOptions WITHIN = new LocatorAssertions.HasTextOptions()
            .setTimeout(30_000);
    @RegisterExtension
    static final BrowserSession BROWSER = new BrowserSession();

    @TestHTTPResource("/")
    URI base;

    private Browser browser() {
        return BROWSER.at(base);
    }

    /** A command that fails on its first run and succeeds on the next, so that a requeue can be seen to work. */
    private static String failingOnce(String queue) {
        String marker = "/tmp/qm-dash-" + UUID.randomUUID();
        return submitted(aShellTask("if [ -e " + marker + " ]; then echo second; else touch " + marker
                + "; echo first >&2; exit 3; fi").inQueue(queue));
    }

    @Test
    void deadLettersAreRequeuedAndDiscardedFromThePage() {
        String queue = aQueue("dash-dead").withMaxRetries(0).create();
        String requeued = failingOnce(queue);
        String discarded = failingOnce(queue);
        awaitStatus(requeued, "FAILED", Duration.ofSeconds(30));
        awaitStatus(discarded, "FAILED", Duration.ofSeconds(30));
        Page page = browser().signedIn(AdminToken.TOKEN, "#/dead");
        assertThat(page.locator("tr[data-task-id='" + requeued + "']")).isVisible();
        assertThat(page.locator("tr[data-task-id='" + discarded + "']")).isVisible();
        Browser.screenshot(page, "dead-letters");
        page.click("tr[data-task-id='" + requeued + "'] [data-action=requeue]");
        assertThat(page.locator("tr[data-task-id='" + requeued + "']")).hasCount(0);
        org.assertj.core.api.Assertions.assertThat(awaitFinal(requeued).getString("status")).isEqualTo("COMPLETED");
        page.click("tr[data-task-id='" + discarded + "'] [data-action=discard]");
        assertThat(page.locator("tr[data-task-id='" + discarded + "']")).hasCount(0);
        given().get("/api/queues/" + queue + "/dead").then().statusCode(200)
                .body("items.id", not(hasItem(discarded)));
        page.context().close();
    }

    @Test
    void aViewerSeesEveryViewButNoActionButton() {
        String queue = aQueue("dash-view").withMaxRetries(0).create();
        String failed = submitted(aShellTask("exit 3").inQueue(queue));
        awaitStatus(failed, "FAILED", Duration.ofSeconds(30));
        Page page = browser().signedIn(Tokens.make("viewer").token(), "#/task/" + failed);
        assertThat(page.locator(".page-head .badge")).hasText("FAILED", WITHIN);
        assertThat(page.locator("#error")).isVisible();
        assertThat(page.locator("#actions button")).hasCount(0);
        page.evaluate("location.hash = '#/dead'");
        assertThat(page.locator("tr[data-task-id='" + failed + "']")).isVisible();
        assertThat(page.locator("#dead button")).hasCount(0);
        page.evaluate("location.hash = '#/queues'");
        assertThat(page.locator("tr[data-queue='" + queue + "']")).isVisible();
        assertThat(page.locator("table.list button")).hasCount(0);
        page.context().close();
    }

    @Test
    void theOverviewChartsThroughputFailuresLatencyAndDepth() {
        String queue = aQueue("dash-chart").withMaxRetries(0).create();
        Page page = browser().signedIn(AdminToken.TOKEN, "#/overview");
        // Screenshots want a few minutes' worth of lines; a plain run needs two samples of each chart.
        int samples = Browser.takingScreenshots() ? 40 : 2;
        for (int round = 0; round < samples; round++) {
            for (int i = 0; i < 1 + round % 4; i++) {
                submitted(aTask().inQueue(queue));
            }
            submitted(aShellTask("sleep 0." + (round % 9 + 1)).inQueue(queue));
            if (round % 5 == 0) {
                submitted(aShellTask("exit 3").inQueue(queue));
            }
            int points = round;
            page.waitForFunction("n => (document.querySelector('#chart-throughput path.series')?.getAttribute('d')"
                    + " ?? '').split('L').length > n", points);
        }
        for (String chart : new String[]{"throughput", "failures", "latency", "depth"}) {
            assertThat(page.locator("#chart-" + chart + " svg")).isVisible();
        }
        assertThat(page.locator("#chart-depth .legend")).containsText(queue);
        assertThat(page.locator("#kpi-total")).not().hasText("…");
        Browser.screenshot(page, "overview");
        page.context().close();
    }
}
