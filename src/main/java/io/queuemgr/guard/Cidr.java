package io.queuemgr.guard;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** A block of IPv4 or IPv6 addresses such as {@code 169.254.0.0/16} or {@code fe80::/10}; a bare address is a /32 or /128. */
public record Cidr(InetAddress network, int prefixLength) {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    public Cidr {
        int bits = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix /" + prefixLength + " does not fit " + network);
        }
    }

    /** Parses {@code address/prefix} or a bare address; refuses anything that is not an IP literal. */
    public static Cidr parse(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        String address = slash < 0 ? t : t.substring(0, slash);
        InetAddress network = literal(address);
        if (network == null) {
            throw new IllegalArgumentException(text + " is not an IP address or CIDR block");
        }
        int bits = network.getAddress().length * 8;
        try {
            return new Cidr(network, slash < 0 ? bits : Integer.parseInt(t.substring(slash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(text + " has no valid prefix length", e);
        }
    }

    /** Whether the text looks like a CIDR block or IP literal rather than a host name. */
    public static boolean looksLikeOne(String text) {
        String address = text.contains("/") ? text.substring(0, text.indexOf('/')) : text;
        return literal(address.strip()) != null;
    }

    /**
     * The address of an IPv4 dotted quad or an IPv6 literal (brackets allowed), without asking DNS; null for a name.
     * An IPv4-mapped IPv6 literal becomes its IPv4 address, so {@code ::ffff:169.254.169.254} is caught as well.
     */
    public static InetAddress literal(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!IPV4.matcher(h).matches() && !h.contains(":")) {
            return null;
        }
        try {
            // A dotted quad or a text with ':' is parsed, never looked up.
            return InetAddress.getByName(h);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    public boolean contains(InetAddress address) {
        byte[] net = network.getAddress();
        byte[] candidate = address.getAddress();
        if (net.length != candidate.length) {
            return false;
        }
        int whole = prefixLength / 8;
        for (int i = 0; i < whole; i++) {
            if (net[i] != candidate[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (net[whole] & mask) == (candidate[whole] & mask);
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }
}
