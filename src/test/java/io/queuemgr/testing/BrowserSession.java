package io.queuemgr.testing;

import java.net.URI;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One Chromium for a test class, started when a test first asks for it (so a class whose tests never need it starts
 * none) and closed after the class: register it as a static field with {@code @RegisterExtension}.
 */
public final class BrowserSession implements AfterAllCallback {

    private Browser browser;

    /** The class's browser, on the dashboard served at {@code base}. */
    public synchronized Browser at(URI base) {
        if (browser == null) {
            browser = new Browser(base);
        }
        return browser;
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }
}
