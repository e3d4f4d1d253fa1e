package io.queuemgr.executor.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.error.Problem.FieldError;
import io.queuemgr.guard.DestinationGuard;
import io.queuemgr.guard.DestinationPolicy;
import io.queuemgr.json.JsonRecords;
import io.queuemgr.testing.PlainRecords;

class WebhookRulesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final JsonRecords records = PlainRecords.with(new WebhookParams.Url.Check(
            new DestinationGuard(new DestinationPolicy(List.of(), List.of("10.0.0.0/8")))));

    private List<FieldError> errors(String params) throws Exception {
        return records.read(JSON.readTree(params), WebhookParams.class, "params", "is not a parameter").errors();
    }

    private static Map<String, JsonNode> headers(String json) throws Exception {
        return JSON.readValue(json, new TypeReference<Map<String, JsonNode>>() {
        });
    }

    @Test
    void absoluteHttpAndHttpsUrlsAreTaken() {
        for (String url : List.of("http://example.com", "https://example.com:8443/a/b?c=d#e", "HTTP://EXAMPLE.COM/",
                "http://127.0.0.1:1/hook", "http://[::1]:8080/x", "http://user:pw@host/x", "http://my_service:80/")) {
            assertThat(WebhookRules.url(url)).as(url).isNull();
        }
    }

    @Test
    void anythingElseIsRefusedWithWhatAUrlMustBe() {
        for (String url : List.of("", " ", "example.com", "/relative", "//example.com/x", "ftp://example.com",
                "file:///etc/hosts", "javascript:alert(1)", "mailto:a@b.c", "http://", "http:///x", "http://a b/",
                "http://[::1", "http://host:65536/", "http://%zz/")) {
            assertThat(WebhookRules.url(url)).as(url).contains("absolute http or https URL");
        }
    }

    @Test
    void methodsAndHeaderNamesAreHttpTokensAndValuesHaveNoLineBreaks() throws Exception {
        assertThat(errors("{\"url\":\"http://x\",\"method\":\"PATCH\"}")).isEmpty();
        assertThat(errors("{\"url\":\"http://x\",\"method\":\"GE T\"}")).extracting(FieldError::field)
                .containsExactly("params.method");
        assertThat(WebhookRules.headers(headers("{\"X-Trace\":\"a b\",\"Accept\":\"*/*\"}"))).isNull();
        assertThat(WebhookRules.headers(headers("{\"X Trace\":\"a\"}"))).contains("header name");
        assertThat(WebhookRules.headers(headers("{\"X-A\":\"a\\r\\nInjected: yes\"}"))).contains("X-A");
        assertThat(WebhookRules.statuses(List.of(200, 204))).isNull();
        assertThat(WebhookRules.statuses(List.of(200, 999))).isNotNull();
    }

    @Test
    void aWebhookIsCheckedFieldByFieldAndItsDestinationAgainstThePolicy() throws Exception {
        assertThat(errors("{\"url\":\"http://10.1.2.3/x\"}")).extracting(FieldError::message)
                .singleElement().asString().contains("not an allowed destination");
        assertThat(errors("{\"url\":\"http://x\",\"headers\":{\"A B\":1},\"expectedStatus\":[200,1.5,999]}"))
                .containsExactly(
                        new FieldError("params.headers.A B", "must be a string or {\"secretRef\": \"NAME\"}"),
                        new FieldError("params.expectedStatus[1]", "must be a whole number"));
        assertThat(errors("{\"url\":\"http://x\",\"headers\":{\"A B\":\"1\"},\"expectedStatus\":[200,999]}"))
                .extracting(FieldError::field).containsExactly("params.headers", "params.expectedStatus");
    }
}
