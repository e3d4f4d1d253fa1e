package io.queuemgr.executor.network;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLException;

import io.queuemgr.task.TaskError;
import io.queuemgr.task.TaskFailure;

/**
 * A failure to reach a host as the catalogue code it means, with the host and port in its context; a failure that
 * is not about the network (a bug) is left as it is.
 */
final class NetworkFailures {

    private NetworkFailures() {
    }

    /** The failure as a coded TaskFailure naming the host and port, or the throwable itself when it is none. */
    static Throwable classify(Throwable failure, String host, Integer port) {
        Map<String, String> where = new HashMap<>();
        if (host != null) {
            where.put("host", host);
        }
        if (port != null) {
            where.put("port", port.toString());
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TaskFailure known) {
                return new TaskFailure(withContext(known.error(), where));
            }
        }
        // A plain I/O error often wraps the telling one (an SSL or timeout failure): the most specific cause wins.
        Throwable found = null;
        NetworkErrors code = null;
        for (Throwable t = failure; t != null && t != t.getCause(); t = t.getCause()) {
            NetworkErrors c = codeOf(t);
            if (c != null && (code == null || code == NetworkErrors.NETWORK_CONNECTION_FAILED)) {
                found = t;
                code = c;
            }
        }
        return code == null ? failure : code.failure(describe(host, port) + ": " + messageOf(found, code), where);
    }

    static TaskError withContext(TaskError error, Map<String, String> more) {
        Map<String, String> context = new HashMap<>(more);
        context.putAll(error.context());
        return new TaskError(error.code(), error.message(), context, error.suggestions(), error.retryable());
    }

    static String describe(String host, Integer port) {
        if (host == null) {
            return "the host";
        }
        String shown = host.contains(":") ? "[" + host + "]" : host;
        return port == null ? shown : shown + ":" + port;
    }

    private static NetworkErrors codeOf(Throwable t) {
        String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
        if (t instanceof UnknownHostException) {
            return NetworkErrors.NETWORK_HOST_UNKNOWN;
        }
        if (t instanceof SSLException || t instanceof GeneralSecurityException) {
            return NetworkErrors.NETWORK_SSL_ERROR;
        }
        // Netty's connect timeout is a ConnectException too: the timeout is told by its words.
        if (t instanceof SocketTimeoutException || t instanceof TimeoutException || message.contains("timed out")) {
            return NetworkErrors.NETWORK_TIMEOUT;
        }
        if (t instanceof ConnectException && message.contains("refused")) {
            return NetworkErrors.NETWORK_CONNECTION_REFUSED;
        }
        if (t instanceof NoRouteToHostException || t instanceof IOException) {
            return NetworkErrors.NETWORK_CONNECTION_FAILED;
        }
        return null;
    }

    private static String messageOf(Throwable t, NetworkErrors code) {
        return t.getMessage() == null || t.getMessage().isBlank() ? code.description() : t.getMessage();
    }
}
