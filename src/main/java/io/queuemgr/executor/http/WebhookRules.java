package io.queuemgr.executor.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a webhook's parameters must be for the HTTP client to send the request at all: refused at submission, not
 * discovered when the task runs and retried as an internal error.
 */
final class WebhookRules {

    /** An HTTP token (RFC 9110): what method and header names are made of. */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");
    /** Tab, visible ASCII and the octets above it that HTTP tolerates; no line breaks, no controls. */
    private static final Pattern FIELD_VALUE = Pattern.compile("[\\t\\x20-\\x7E\\x80-\\xFF]*");
    private static final String URL = "must be an absolute http or https URL, such as https://example.com/hook";

    private WebhookRules() {
    }

    static String url(JsonNode value) {
        URI uri;
        try {
            uri = new URI(value.asText());
        } catch (URISyntaxException e) {
            return URL;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean web = scheme.equals("http") || scheme.equals("https");
        // A host name with '_' (common for containers) is a registry authority to URI: it has no host, but is fine.
        boolean hasServer = uri.getRawAuthority() != null && !uri.getRawAuthority().isBlank();
        if (!web || !hasServer || uri.getPort() > 65_535) {
            return URL;
        }
        return null;
    }

    static String method(JsonNode value) {
        return TOKEN.matcher(value.asText()).matches() ? null : "must be an HTTP method name such as POST or PUT";
    }

    static String headers(JsonNode value) {
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> header = it.next();
            if (!TOKEN.matcher(header.getKey()).matches()) {
                return "has a header name that HTTP does not allow: letters, digits and !#$%&'*+-.^_`|~ only";
            }
            if (header.getValue().isTextual() && !isFieldValue(header.getValue().asText())) {
                return "header " + header.getKey() + " has a value with a line break or a control character";
            }
        }
        return null;
    }

    static boolean isFieldValue(String value) {
        return FIELD_VALUE.matcher(value).matches();
    }

    static String statuses(JsonNode value) {
        for (JsonNode status : value) {
            if (status.asInt() < 100 || status.asInt() > 599) {
                return "must list HTTP statuses from 100 to 599";
            }
        }
        return null;
    }
}
