package io.queuemgr.executor.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** What a webhook's parameters must be for the HTTP client to send the request at all. */
final class WebhookRules {

    /** An HTTP token (RFC 9110): what method and header names are made of. */
    static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}";
    private static final java.util.regex.Pattern TOKEN_PATTERN = java.util.regex.Pattern.compile(TOKEN);
    /** Tab, visible ASCII and the octets above it that HTTP tolerates; no line breaks, no controls. */
    private static final java.util.regex.Pattern FIELD_VALUE = java.util.regex.Pattern
            .compile("[\\t\\x20-\\x7E\\x80-\\xFF]*");
    static final String URL = "must be an absolute http or https URL, such as https://example.com/hook";

    private WebhookRules() {
    }

    /** What is wrong with the URL, or null. */
    static String url(String value) {
        URI uri;
        try {
            uri = new URI(value);
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

    /** What is wrong with the first header that HTTP cannot carry, or null. */
    static String headers(Map<String, JsonNode> headers) {
        for (Map.Entry<String, JsonNode> header : headers.entrySet()) {
            if (!TOKEN_PATTERN.matcher(header.getKey()).matches()) {
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

    /** What is wrong with the statuses, or null. */
    static String statuses(List<Integer> statuses) {
        for (int status : statuses) {
            if (status < 100 || status > 599) {
                return "must list HTTP statuses from 100 to 599";
            }
        }
        return null;
    }
}
