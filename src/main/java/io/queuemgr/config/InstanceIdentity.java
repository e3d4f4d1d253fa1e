package io.queuemgr.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

import jakarta.enterprise.context.ApplicationScoped;

/** The name this instance gives itself in snapshots and consumer client ids. */
@ApplicationScoped
public class InstanceIdentity {

    private final String id;

    public InstanceIdentity(QueuemgrConfig config) {
        this.id = config.instanceId().orElseGet(InstanceIdentity::hostAndPid);
    }

    public String id() {
        return id;
    }

    private static String hostAndPid() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + "-" + ProcessHandle.current().pid();
    }
}
