package io.queuemgr.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** One generated HTTP request, with what the service must at least answer to it. */
record FuzzRequest(int index, String what, String method, String path, Map<String, String> headers, byte[] body,
        Expect expect) {

    /** What a request must get besides "no 5xx, and a problem document for every error". */
    enum Expect {
        /** Any answer below 500. */
        NO_SERVER_ERROR,
        /** A 4xx: the request is wrong for sure. */
        CLIENT_ERROR,
        /** Exactly 400. */
        BAD_REQUEST
    }

    FuzzRequest {
        headers = new LinkedHashMap<>(headers);
    }

    /** How to repeat it by hand: method, path, headers and the start of the body. */
    String describe() {
        String text = body == null ? "" : new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
        return "#" + index + " " + what + ": " + method + " " + abbreviate(path, 300) + " " + headers.keySet()
                + (body == null ? "" : " body(" + body.length + " bytes)=" + text.replace("\n", "\\n"));
    }

    static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…(" + s.length() + " chars)";
    }
}
