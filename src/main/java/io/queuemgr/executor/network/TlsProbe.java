package io.queuemgr.executor.network;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.queuemgr.guard.Cidr;

/**
 * A TLS handshake with a host, and what it shows of the server's certificate. Trust is the JDK's (its cacerts) and
 * the certificate must name the host, unless the test is insecure; the expiry is checked against minDaysValid either
 * way. Blocks, so it runs on a virtual thread.
 */
final class TlsProbe {

    private final SSLContext trusted;

    TlsProbe(SSLContext trusted) {
        this.trusted = trusted;
    }

    static TlsProbe withDefaultTrust() {
        try {
            return new TlsProbe(SSLContext.getDefault());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK has no default TLS context", e);
        }
    }

    ObjectNode handshake(InetAddress address, NetworkTestParams p) throws IOException {
        String host = p.host();
        int port = p.portOrDefault();
        long start = System.nanoTime();
        SSLSession session;
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(address, port), p.timeout());
            plain.setSoTimeout(p.timeout());
            SSLContext context = p.isInsecure() ? TrustAnything.context() : trusted;
            try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true)) {
                tls.setSSLParameters(parameters(tls.getSSLParameters(), host, p.isInsecure()));
                tls.startHandshake();
                session = tls.getSession();
            }
        }
        double latency = NetworkProbe.millisSince(start);
        X509Certificate certificate = (X509Certificate) session.getPeerCertificates()[0];
        Instant notAfter = certificate.getNotAfter().toInstant();
        long daysLeft = Math.floorDiv(Duration.between(Instant.now(), notAfter).toSeconds(), 86_400);
        ObjectNode result = JsonNodeFactory.instance.objectNode().put("kind", "tls").put("host", host)
                .put("port", port).put("address", address.getHostAddress()).put("latencyMs", latency)
                .put("protocol", session.getProtocol()).put("cipher", session.getCipherSuite())
                .put("subject", certificate.getSubjectX500Principal().getName())
                .put("issuer", certificate.getIssuerX500Principal().getName())
                .put("notAfter", notAfter.toString()).put("daysUntilExpiry", daysLeft);
        if (p.minDaysValid() != null && daysLeft < p.minDaysValid()) {
            throw NetworkErrors.NETWORK_SSL_ERROR.failure("The certificate of " + NetworkFailures.describe(host, port)
                    + " expires in " + daysLeft + " days (" + notAfter + "), sooner than minDaysValid "
                    + p.minDaysValid(),
                    Map.of("notAfter", notAfter.toString(), "daysUntilExpiry",
                            Long.toString(daysLeft), "subject", certificate.getSubjectX500Principal().getName()));
        }
        return result;
    }

    /** The host's name for SNI and, unless insecure, for the certificate's name check. */
    private static SSLParameters parameters(SSLParameters parameters, String host, boolean insecure) {
        if (!insecure) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (Cidr.literal(host) == null) {
            String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
            try {
                parameters.setServerNames(List.of(new SNIHostName(name)));
            } catch (IllegalArgumentException notAnSniName) {
                // A name SNI cannot carry (an underscore): the handshake goes without it, as a browser's would.
            }
        }
        return parameters;
    }
}
