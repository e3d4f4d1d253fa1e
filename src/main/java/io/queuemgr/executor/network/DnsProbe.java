package io.queuemgr.executor.network;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A name resolved by the service's own resolver (InetAddress, so getaddrinfo with /etc/hosts and the system's DNS
 * settings): the A and AAAA answers, as the service's other tasks would see them. No other record types: the JDK
 * has no DNS client of its own, and a test of what the service can reach needs none.
 */
final class DnsProbe {

    private DnsProbe() {
    }

    static ObjectNode resolve(String host) throws UnknownHostException {
        long start = System.nanoTime();
        InetAddress[] addresses = InetAddress.getAllByName(host);
        double latency = NetworkProbe.millisSince(start);
        ObjectNode result = JsonNodeFactory.instance.objectNode().put("kind", "dns").put("host", host);
        ArrayNode v4 = result.putArray("ipv4");
        ArrayNode v6 = result.putArray("ipv6");
        for (InetAddress address : addresses) {
            (address instanceof Inet4Address ? v4 : v6).add(address.getHostAddress());
        }
        return result.put("latencyMs", latency);
    }
}
