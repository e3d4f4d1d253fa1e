package io.queuemgr.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A port for a process that binds it seconds later. Not one the kernel hands out itself (port 0): those come from the
 * ephemeral range, where any outgoing connection meanwhile (a Kafka or PostgreSQL client of any process here) may
 * take the same number, and the service then fails to start with "port in use". These are below that range, tried
 * from a random place so that two test JVMs do not walk the same numbers.
 */
public final class FreePorts {

    private static final int FIRST = 20_000;
    private static final int LAST = 32_000;

    private FreePorts() {
    }

    public static int below32000() throws IOException {
        int span = LAST - FIRST;
        int start = ThreadLocalRandom.current().nextInt(span);
        for (int i = 0; i < span; i++) {
            int port = FIRST + (start + i) % span;
            if (free(port)) {
                return port;
            }
        }
        throw new IOException("no free port between " + FIRST + " and " + LAST);
    }

    private static boolean free(int port) {
        // Bound on every address, as the service will: a port taken on any of them is passed over.
        try (ServerSocket socket = new ServerSocket(port, 1, (InetAddress) null)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
