package io.queuemgr.executor.network;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A TCP connection made and closed again; blocks, so it runs on a virtual thread. */
final class TcpProbe {

    private TcpProbe() {
    }

    static ObjectNode connect(InetAddress address, String host, int port, int timeoutMillis) throws IOException {
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), timeoutMillis);
        }
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("kind", "tcp").put("host", host).put("port", port).put("address", address.getHostAddress());
        return result.put("latencyMs", NetworkProbe.millisSince(start));
    }
}
