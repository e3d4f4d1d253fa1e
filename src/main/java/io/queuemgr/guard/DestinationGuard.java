package io.queuemgr.guard;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import io.queuemgr.task.ErrorCode;
import io.queuemgr.task.TaskFailure;

/**
 * The destination check for HTTP-based executors: a URL's literal host at submission, and the addresses its host
 * resolves to when the task runs. The executor then connects to the address that was checked, so a name that
 * resolves differently a moment later (DNS rebinding) cannot slip past.
 */
@ApplicationScoped
public class DestinationGuard {

    private final DestinationPolicy policy;

    @Inject
    public DestinationGuard(GuardConfig config) {
        this(new DestinationPolicy(config.http().allow().orElse(List.of()), config.http().deny().orElse(List.of())));
    }

    public DestinationGuard(DestinationPolicy policy) {
        this.policy = policy;
    }

    /** For the webhook params check of a URL that is already known to be absolute: why its host is refused, or null. */
    public String problem(JsonNode url) {
        return hostOf(url.asText()).flatMap(policy::refusal)
                .map(reason -> "is not an allowed destination: " + reason + " (queuemgr.guard.http)").orElse(null);
    }

    /**
     * The address to connect to for the host: the first it resolves to, once all of them are allowed. Blocks on DNS:
     * call it on a virtual or worker thread. Fails with DESTINATION_NOT_ALLOWED, or with the lookup's
     * UnknownHostException.
     */
    public InetAddress vet(String host) throws UnknownHostException {
        InetAddress literal = Cidr.literal(host);
        List<InetAddress> addresses = literal != null ? List.of(literal) : List.of(InetAddress.getAllByName(host));
        Optional<String> refused = policy.refusal(host, addresses);
        if (refused.isPresent()) {
            throw new TaskFailure(ErrorCode.DESTINATION_NOT_ALLOWED.toError("Not an allowed destination: "
                    + refused.get() + " (queuemgr.guard.http)", Map.of("host", host)));
        }
        return addresses.get(0);
    }

    /** The host of a URL as the HTTP client will connect to it, brackets of an IPv6 literal dropped. */
    public static Optional<String> hostOf(String url) {
        try {
            URI uri = new URI(url);
            String host = uri.getHost();
            if (host == null && uri.getRawAuthority() != null) {
                // A registry authority (a '_' in the name): the host is what precedes the port.
                String authority = uri.getRawAuthority().replaceFirst("^.*@", "");
                host = authority.replaceFirst(":\\d*$", "");
            }
            return Optional.ofNullable(host).filter(h -> !h.isBlank())
                    .map(h -> h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
