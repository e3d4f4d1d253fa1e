package io.queuemgr.executor.network;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.queuemgr.guard.Cidr;

/**
 * Which hosts a network.scan may probe and how hard: only addresses inside the operator's CIDRs (loopback by default,
 * since scanning other people's machines is an attack), at most so many ports and connections at once. Application
 * scoped, so that its configuration is read when a scan is first checked, not while the executors are listed at
 * start-up.
 */
@ApplicationScoped
public class ScanPolicy {

    static final String SETTING = "queuemgr.network.scan-allowed-cidrs";

    private final List<Cidr> allowed;
    private final int maxPorts;
    private final int maxConcurrency;

    @Inject
    public ScanPolicy(NetworkConfig config) {
        this(config.scanAllowedCidrs(), config.scanMaxPorts(), config.scanMaxConcurrency());
    }

    public ScanPolicy(List<String> allowedCidrs, int maxPorts, int maxConcurrency) {
        this.allowed = allowedCidrs.stream().filter(c -> !c.isBlank()).map(Cidr::parse).toList();
        this.maxPorts = maxPorts;
        this.maxConcurrency = maxConcurrency;
    }

    int maxPorts() {
        return maxPorts;
    }

    int maxConcurrency() {
        return maxConcurrency;
    }

    /** Why a host as written is refused before any lookup (an address outside the CIDRs), if it is. */
    Optional<String> refusal(String host) {
        InetAddress literal = Cidr.literal(host);
        return literal == null || isAllowed(literal)
                ? Optional.empty()
                : Optional.of("is outside the ranges allowed for scans (" + SETTING + ": " + allowed + ")");
    }

    /** Fails with NETWORK_SCAN_NOT_ALLOWED unless every address of the host lies in an allowed range. */
    void vet(String host, List<InetAddress> addresses) {
        for (InetAddress address : addresses) {
            if (!isAllowed(address)) {
                throw NetworkErrors.NETWORK_SCAN_NOT_ALLOWED.failure(host + " resolves to "
                        + address.getHostAddress() + ", outside the ranges allowed for scans (" + SETTING + ": "
                        + allowed + ")", Map.of("host", host, "address", address.getHostAddress()));
            }
        }
    }

    private boolean isAllowed(InetAddress address) {
        return allowed.stream().anyMatch(block -> block.contains(address));
    }
}
