package io.queuemgr.guard;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which hosts and addresses a task may send requests to. An entry of the allow list wins; then the deny list and the
 * built-in refusals (link-local addresses, where clouds serve instance metadata and credentials) refuse; anything
 * else, loopback and private networks included, is allowed.
 */
public final class DestinationPolicy {

    static final List<String> BUILT_IN_DENY = List.of(
            "169.254.0.0/16", "fe80::/10", // link-local: AWS, GCP, Azure, OpenStack metadata at 169.254.169.254
            "fd00:ec2::254", // AWS metadata over IPv6
            "100.100.100.200", // Alibaba Cloud metadata
            "metadata.google.internal", "metadata.goog", "metadata", "instance-data", "instance-data.ec2.internal");

    private final List<Cidr> allowBlocks = new ArrayList<>();
    private final List<String> allowHosts = new ArrayList<>();
    private final List<Cidr> denyBlocks = new ArrayList<>();
    private final List<String> denyHosts = new ArrayList<>();

    public DestinationPolicy(List<String> allow, List<String> deny) {
        sort(allow, allowBlocks, allowHosts);
        sort(BUILT_IN_DENY, denyBlocks, denyHosts);
        sort(deny, denyBlocks, denyHosts);
    }

    private static void sort(List<String> entries, List<Cidr> blocks, List<String> hosts) {
        for (String entry : entries) {
            if (entry.isBlank()) {
                continue;
            }
            if (Cidr.looksLikeOne(entry)) {
                blocks.add(Cidr.parse(entry));
            } else {
                hosts.add(hostName(entry));
            }
        }
    }

    /** Why a host as written in a URL is refused, before any lookup: an IP literal or a denied name. */
    public Optional<String> refusal(String host) {
        InetAddress literal = Cidr.literal(host);
        if (literal != null) {
            return refusal(literal);
        }
        String name = hostName(host);
        if (matches(allowHosts, name)) {
            return Optional.empty();
        }
        return matches(denyHosts, name) ? Optional.of(host + " is a denied destination") : Optional.empty();
    }

    /** Why a host is refused once its addresses are known: the name is checked, then every address. */
    public Optional<String> refusal(String host, List<InetAddress> addresses) {
        if (Cidr.literal(host) == null && matches(allowHosts, hostName(host))) {
            return Optional.empty();
        }
        Optional<String> byName = refusal(host);
        if (byName.isPresent()) {
            return byName;
        }
        for (InetAddress address : addresses) {
            Optional<String> refused = refusal(address);
            if (refused.isPresent()) {
                return Optional.of(host + " resolves to " + refused.get());
            }
        }
        return Optional.empty();
    }

    private Optional<String> refusal(InetAddress address) {
        if (allowBlocks.stream().anyMatch(b -> b.contains(address))) {
            return Optional.empty();
        }
        return denyBlocks.stream().filter(b -> b.contains(address)).findFirst()
                .map(b -> address.getHostAddress() + ", in the denied block " + b);
    }

    private static boolean matches(List<String> patterns, String name) {
        for (String pattern : patterns) {
            if (pattern.startsWith("*.") ? name.endsWith(pattern.substring(1)) : name.equals(pattern)) {
                return true;
            }
        }
        return false;
    }

    /** Lower case without the trailing dot of a fully qualified name: {@code Metadata.Google.Internal.} is caught. */
    private static String hostName(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
