package io.queuemgr.testing;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

/**
 * Debian's Chromium driven by Playwright, headless, for the dashboard's tests. Playwright never downloads a browser
 * (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD in the surefire settings); screenshots are written only when the system
 * property {@code dashboard.screenshots} (not under queuemgr., whose names the service checks) names a directory, so that ordinary runs leave docs/ alone.
 */
public final class Browser implements AutoCloseable {

    public static final String CHROMIUM = "/usr/bin/chromium";
    private static final List<String> ARGS = List.of("--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run");

    private final Playwright playwright;
    private final com.microsoft.playwright.Browser chromium;
    private final URI base;

    public Browser(URI base) {
        this.base = base;
        this.playwright = Playwright.create();
        this.chromium = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Path.of(CHROMIUM)).setHeadless(true).setArgs(ARGS));
    }

    /** A fresh tab (its own sessionStorage) on the dashboard, at a laptop's size. */
    public Page open() {
        BrowserContext context = chromium.newContext(new com.microsoft.playwright.Browser.NewContextOptions()
                .setViewportSize(1440, 900).setBaseURL(base.toString()));
        context.setDefaultTimeout(20_000);
        Page page = context.newPage();
        page.navigate("/");
        return page;
    }

    /** A tab signed in with the token, showing the given route (such as {@code #/tasks}). */
    public Page signedIn(String token, String route) {
        Page page = open();
        page.fill("#token", token);
        page.click("form.signin button");
        page.waitForSelector("header.top:not([hidden])");
        page.evaluate("route => location.hash = route", route);
        return page;
    }

    /** Writes docs/screenshots/NAME.png when screenshots are asked for. */
    public static void screenshot(Page page, String name) {
        Optional.ofNullable(System.getProperty("dashboard.screenshots")).filter(dir -> !dir.isBlank())
                .ifPresent(dir -> page.screenshot(new Page.ScreenshotOptions()
                        .setPath(Path.of(dir, name + ".png")).setFullPage(false)));
    }

    public static boolean takingScreenshots() {
        return System.getProperty("dashboard.screenshots", "").isBlank() == false;
    }

    @Override
    public void close() {
        chromium.close();
        playwright.close();
    }
}
