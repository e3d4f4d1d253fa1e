package io.queuemgr.executor.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;

class WebhookRulesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void absoluteHttpAndHttpsUrlsAreTaken() {
        for (String url : List.of("http://example.com", "https://example.com:8443/a/b?c=d#e", "HTTP://EXAMPLE.COM/",
                "http://127.0.0.1:1/hook", "http://[::1]:8080/x", "http://user:pw@host/x", "http://my_service:80/")) {
            assertThat(WebhookRules.url(TextNode.valueOf(url))).as(url).isNull();
        }
    }

    @Test
    void anythingElseIsRefusedWithWhatAUrlMustBe() {
        for (String url : List.of("", " ", "example.com", "/relative", "//example.com/x", "ftp://example.com",
                "file:///etc/hosts", "javascript:alert(1)", "mailto:a@b.c", "http://", "http:///x", "http://a b/",
                "http://[::1", "http://host:65536/", "http://%zz/")) {
            assertThat(WebhookRules.url(TextNode.valueOf(url))).as(url).contains("absolute http or https URL");
        }
    }

    @Test
    void methodsAndHeaderNamesAreHttpTokensAndValuesHaveNoLineBreaks() throws Exception {
        assertThat(WebhookRules.method(TextNode.valueOf("PATCH"))).isNull();
        assertThat(WebhookRules.method(TextNode.valueOf("GE T"))).isNotNull();
        assertThat(WebhookRules.headers(JSON.readTree("{\"X-Trace\":\"a b\",\"Accept\":\"*/*\"}"))).isNull();
        assertThat(WebhookRules.headers(JSON.readTree("{\"X Trace\":\"a\"}"))).contains("header name");
        assertThat(WebhookRules.headers(JSON.readTree("{\"X-A\":\"a\\r\\nInjected: yes\"}"))).contains("X-A");
        assertThat(WebhookRules.statuses(JSON.readTree("[200, 204]"))).isNull();
        assertThat(WebhookRules.statuses(JSON.readTree("[200, 999]"))).isNotNull();
    }
}
