package io.queuemgr.executor;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * What says that a call's target is unwell, and so counts against its circuit breaker: a failure (a refused
 * connection, a timeout) or an answer (an HTTP 5xx). Anything else, a 4xx or a bad parameter included, says the
 * target answered and counts as a success.
 */
public record Unwell<T>(Predicate<Throwable> failure, Predicate<T> answer) {

    /** Failures of the network on the way to the target, found anywhere in the cause chain. */
    public static final Predicate<Throwable> NETWORK = e -> {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof SocketTimeoutException || t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    };

    /** Only these failures count; every answer is a success. */
    public static <T> Unwell<T> when(Predicate<Throwable> failure) {
        return new Unwell<>(failure, answer -> false);
    }

    /** The network's failures and the answers that {@code answer} calls unwell. */
    public static <T> Unwell<T> networkOr(Predicate<T> answer) {
        return new Unwell<>(NETWORK, answer);
    }
}
