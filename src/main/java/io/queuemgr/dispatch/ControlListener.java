package io.queuemgr.dispatch;

import java.time.Duration;

import jakarta.inject.Singleton;

import io.queuemgr.config.InstanceIdentity;
import io.queuemgr.messaging.ConsumerLoop;
import io.queuemgr.messaging.ConsumerLoops;
import io.queuemgr.messaging.RecordSource;
import io.queuemgr.messaging.Topics;

/**
 * Every instance reads every record on the control topic from the moment it starts (no group: a broadcast), and
 * hands it to {@link ControlRecords}: replies to requests made here, requests for the queues it owns, and commands
 * for the tasks that run here (cancel, pause, resume, release).
 */
@Singleton
public class ControlListener {

    private final ConsumerLoop loop;

    public ControlListener(ConsumerLoops loops, Topics topics, ControlRecords records, InstanceIdentity identity) {
        // From the end on the first session: commands given before this instance started concern tasks it does not
        // run. Later sessions go on from where the last one read, so that none is skipped or repeated.
        this.loop = loops.loop("control-listener", RecordSource.everyPartition("queuemgr-control-" + identity.id(),
                RecordSource.Start.END, topics.taskControl())).poll(Duration.ofMillis(200))
                .handledBy((polled, session) -> polled.forEach(records::take));
    }

    public void start() {
        loop.start();
    }

    public void stop() {
        loop.stop();
    }
}
