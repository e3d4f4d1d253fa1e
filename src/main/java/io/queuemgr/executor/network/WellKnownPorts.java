package io.queuemgr.executor.network;

import java.util.Map;

/** The service usually behind a well-known port, to name an open port in a scan's result; a guess, not a probe. */
final class WellKnownPorts {

    private static final Map<Integer, String> SERVICES = Map.ofEntries(Map.entry(21, "ftp"), Map.entry(22, "ssh"),
            Map.entry(23, "telnet"), Map.entry(25, "smtp"), Map.entry(53, "dns"), Map.entry(80, "http"),
            Map.entry(110, "pop3"), Map.entry(111, "rpcbind"), Map.entry(143, "imap"), Map.entry(389, "ldap"),
            Map.entry(443, "https"), Map.entry(445, "smb"), Map.entry(465, "smtps"), Map.entry(587, "submission"),
            Map.entry(636, "ldaps"), Map.entry(993, "imaps"), Map.entry(995, "pop3s"), Map.entry(1433, "mssql"),
            Map.entry(1521, "oracle"), Map.entry(2049, "nfs"), Map.entry(2375, "docker"), Map.entry(2376, "docker-tls"),
            Map.entry(3306, "mysql"), Map.entry(3389, "rdp"), Map.entry(5432, "postgresql"), Map.entry(5672, "amqp"),
            Map.entry(5900, "vnc"), Map.entry(6379, "redis"), Map.entry(6443, "kubernetes-api"),
            Map.entry(8080, "http-alt"), Map.entry(8443, "https-alt"), Map.entry(9092, "kafka"),
            Map.entry(9200, "elasticsearch"), Map.entry(11434, "ollama"), Map.entry(27017, "mongodb"));

    private WellKnownPorts() {
    }

    /** The service's name, or null for a port without a usual one. */
    static String serviceOf(int port) {
        return SERVICES.get(port);
    }
}
