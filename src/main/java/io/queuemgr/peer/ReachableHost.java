package io.queuemgr.peer;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Optional;

/** The host part of the address an instance gives its peers, when it is not configured. */
final class ReachableHost {

    private ReachableHost() {
    }

    /**
     * The host part others reach: the configured one, or, when listening on every interface, the address this host's
     * name resolves to (a pod's IP), or else the first address of an interface that is up and not a loopback one
     * (Debian maps the host name to 127.0.1.1), or else the loopback address.
     */
    static String of(String host) {
        if (!host.equals("0.0.0.0") && !host.equals("::") && !host.equals("[::]")) {
            return bracketed(host);
        }
        InetAddress named;
        try {
            named = InetAddress.getLocalHost();
        } catch (UnknownHostException e) {
            named = InetAddress.getLoopbackAddress();
        }
        if (!named.isLoopbackAddress()) {
            return bracketed(named.getHostAddress());
        }
        return interfaceAddress().map(a -> bracketed(a.getHostAddress())).orElse(bracketed(named.getHostAddress()));
    }

    private static Optional<InetAddress> interfaceAddress() {
        try {
            return NetworkInterface.networkInterfaces().filter(ReachableHost::upAndNotLoopback)
                    .flatMap(NetworkInterface::inetAddresses)
                    .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                    .findFirst();
        } catch (SocketException e) {
            return Optional.empty();
        }
    }

    /** Up, not a loopback, and not a bridge that containers or VMs on this host hang off. */
    private static boolean upAndNotLoopback(NetworkInterface n) {
        String name = n.getName();
        if (n.isVirtual() || name.startsWith("docker") || name.startsWith("br-") || name.startsWith("veth")
                || name.startsWith("virbr") || name.startsWith("cni") || name.startsWith("podman")) {
            return false;
        }
        try {
            return n.isUp() && !n.isLoopback();
        } catch (SocketException e) {
            return false;
        }
    }

    private static String bracketed(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
