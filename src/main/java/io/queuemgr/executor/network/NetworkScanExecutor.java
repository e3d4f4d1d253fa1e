package io.queuemgr.executor.network;

import java.net.InetAddress;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.queuemgr.executor.ExecutionContext;
import io.queuemgr.executor.TaskExecutor;
import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.executor.TaskType;
import io.queuemgr.guard.Cidr;
import io.queuemgr.task.TaskStatus;
import io.smallrye.mutiny.Uni;

/**
 * Finds the open TCP ports of a host the operator allows scanning (queuemgr.network.scan-allowed-cidrs), checked
 * again after the name is resolved, since a name can point anywhere.
 */
@ApplicationScoped
public class NetworkScanExecutor implements TaskExecutor<NetworkScanParams> {

    private static final TaskType TYPE = TaskType.of("network.scan", NetworkScanParams.class,
            "Finds which TCP ports of an allowed host are open, closed or filtered.")
            .aliases("NETWORK_SCAN").category("network").tags("network", "diagnostics", "scan")
            .can(TaskType.Capability.CANCELLABLE);

    private final ScanPolicy policy;

    public NetworkScanExecutor(ScanPolicy policy) {
        this.policy = policy;
    }

    @Override
    public TaskType type() {
        return TYPE;
    }

    @Override
    public Uni<TaskOutcome> execute(NetworkScanParams p, ExecutionContext context) {
        String host = p.host();
        TreeSet<Integer> ports = PortSpec.read(p.ports(), policy.maxPorts()).ports();
        context.status(TaskStatus.RUNNING, "Resolving " + host);
        return context.blocking(() -> {
            InetAddress literal = Cidr.literal(host);
            List<InetAddress> addresses = literal != null ? List.of(literal) : List.of(InetAddress.getAllByName(host));
            policy.vet(host, addresses);
            PortScanner scanner = new PortScanner(addresses.get(0), p.timeout());
            String step = "Scanning " + ports.size() + " ports of " + host;
            context.step(step);
            context.log(step + " (" + addresses.get(0).getHostAddress() + "), " + p.concurrencyWithin(policy)
                    + " at once, " + p.timeout() + " ms each");
            AtomicInteger shown = new AtomicInteger(-1);
            boolean finished = scanner.scan(ports, p.concurrencyWithin(policy), done -> {
                int percent = done * 100 / ports.size();
                // Many threads finish ports; one report per percent is enough for a person watching. The report is
                // made under the lock, so that a later percent never reaches the watcher before an earlier one.
                if (percent > shown.get()) {
                    synchronized (shown) {
                        if (percent > shown.get()) {
                            shown.set(percent);
                            context.progress(percent, done + " of " + ports.size() + " ports tried");
                        }
                    }
                }
            });
            var report = scanner.report(host, ports.size());
            context.log(report.get("openCount") + " open, " + report.get("closedCount") + " closed, "
                    + report.get("filteredCount") + " filtered");
            return finished && !context.isCancelled()
                    ? (TaskOutcome) new TaskOutcome.Succeeded(report)
                    : new TaskOutcome.Stopped(report);
        }).onFailure().transform(t -> NetworkFailures.classify(t, host, null));
    }
}
