package io.queuemgr.executor.ssh;

import java.util.Locale;

/** Reads MINA's exceptions, whose causes hold the words an operator needs. */
final class SshFailures {

    private SshFailures() {
    }

    /** The deepest message of the chain, which names the real cause (connection refused, no route). */
    static String reason(Throwable e) {
        String message = e.getMessage();
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message == null ? e.getClass().getSimpleName() : message;
    }

    /** Whether the server refused every credential offered (MINA: "No more authentication methods available"). */
    static boolean isAuthentication(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (message.contains("authentication")) {
                return true;
            }
            if (t == t.getCause()) {
                break;
            }
        }
        return false;
    }
}
