package io.queuemgr.executor.network;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLException;

import jakarta.inject.Singleton;

import io.queuemgr.executor.EnumFamily;
import io.queuemgr.executor.ErrorRule;
import io.queuemgr.task.ErrorKind;

/** The codes of reaching other hosts, whichever family's task tried. */
public enum NetworkErrors implements ErrorKind {
    NETWORK_CONNECTION_REFUSED(About.transientFailure("The remote host refused the connection.",
            "Check that the service listens on that host and port",
            "Check firewalls between the service and the host")),
    NETWORK_CONNECTION_FAILED(
            About.transientFailure("The connection could not be made or was broken (no route, reset, unreachable).",
                    "Check that the host is up and routable from the service", "Check the network path and any VPN")),
    NETWORK_TIMEOUT(About.transientFailure("The remote side did not answer in time.",
            "Check that the host is up and reachable from the service", "Raise the timeout")),
    NETWORK_HOST_UNKNOWN(About.permanent("The host name could not be resolved.", "Check the spelling of the host",
            "Check the service's DNS settings")),
    NETWORK_DNS_ERROR(About.transientFailure("The DNS lookup failed or gave no answer of the kind asked for.",
            "Check the resolver in /etc/resolv.conf of the service",
            "Query the name by hand with dig or getent hosts")),
    NETWORK_PROXY_ERROR(
            About.transientFailure("A proxy between the service and the host refused or failed the connection.",
                    "Check the proxy settings (HTTPS_PROXY, NO_PROXY)", "Check the proxy's own logs")),
    NETWORK_FIREWALL_BLOCKED(
            About.permanent("The connection was dropped or rejected by a firewall or by the operator's allowed ranges.",
                    "Ask for the port to be opened", "Check the CIDRs the operator allows for this task type")),
    NETWORK_SSL_ERROR(About.permanent(
            "The TLS handshake failed or the certificate is not trusted, has the wrong name or has expired.",
            "Check the certificate chain with openssl s_client", "Renew the certificate or fix its host name")),
    NETWORK_SCAN_NOT_ALLOWED(About.permanent(
            "The host to scan resolves to an address outside the ranges the operator allows for port scans.",
            "Scan a host inside queuemgr.network.scan-allowed-cidrs",
            "Ask the operator to add the host's range to queuemgr.network.scan-allowed-cidrs"));

    private final About about;

    NetworkErrors(About about) {
        this.about = about;
    }

    @Override
    public About about() {
        return about;
    }

    /** The family's part of the catalogue. */
    @Singleton
    static class Family extends EnumFamily<NetworkErrors> {

        Family() {
            super("network", NetworkErrors.class);
        }

        @Override
        public List<ErrorRule> rules() {
            return List.of(ErrorRule.on(UnknownHostException.class, NETWORK_HOST_UNKNOWN),
                    ErrorRule.on(SSLException.class, NETWORK_SSL_ERROR),
                    ErrorRule.on(NoRouteToHostException.class, NETWORK_CONNECTION_FAILED),
                    ErrorRule.on(ConnectException.class, NETWORK_CONNECTION_REFUSED),
                    ErrorRule.on(SocketTimeoutException.class, NETWORK_TIMEOUT),
                    ErrorRule.on(TimeoutException.class, NETWORK_TIMEOUT),
                    ErrorRule.message("failed to resolve|name or service not known", NETWORK_HOST_UNKNOWN),
                    ErrorRule.message("connection refused", NETWORK_CONNECTION_REFUSED),
                    ErrorRule.message("connection reset|no route to host|network is unreachable",
                            NETWORK_CONNECTION_FAILED),
                    ErrorRule.message("timed out|timeout", NETWORK_TIMEOUT));
        }
    }
}
