package io.queuemgr.dispatch;

import java.time.Duration;

import jakarta.inject.Singleton;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.config.InstanceIdentity;
import io.queuemgr.messaging.ConsumerLoop;
import io.queuemgr.messaging.ConsumerLoops;
import io.queuemgr.messaging.RecordSource;
import io.queuemgr.messaging.Topics;
import io.queuemgr.task.ControlCommand;

/**
 * Every instance reads every command on the control topic from the moment it starts (no group: a broadcast), and
 * hands it to {@link RunningTasks}, which acts on the tasks that run here (cancel, pause, resume, release).
 */
@Singleton
public class ControlListener {

    private static final Logger LOG = Logger.getLogger(ControlListener.class);

    private final RunningTasks running;
    private final ObjectMapper mapper;
    private final ConsumerLoop loop;

    public ControlListener(ConsumerLoops loops, Topics topics, RunningTasks running, ObjectMapper mapper,
            InstanceIdentity identity) {
        this.running = running;
        this.mapper = mapper;
        // From the end on the first session: commands given before this instance started concern tasks it does not
        // run. Later sessions go on from where the last one read, so that none is skipped or repeated.
        this.loop = loops.loop("control-listener", RecordSource.everyPartition("queuemgr-control-" + identity.id(),
                RecordSource.Start.END, topics.taskControl())).poll(Duration.ofMillis(200))
                .handledBy((records, session) -> records.forEach(this::handle));
    }

    public void start() {
        loop.start();
    }

    private void handle(ConsumerRecord<String, byte[]> r) {
        ControlCommand command;
        try {
            command = mapper.readValue(r.value(), ControlCommand.class);
        } catch (Exception e) {
            LOG.warnf("Skipped an unreadable control record at offset %d: %s", r.offset(), e.getMessage());
            return;
        }
        try {
            running.apply(command);
        } catch (RuntimeException e) {
            LOG.errorf(e, "The command %s failed", command);
        }
    }

    public void stop() {
        loop.stop();
    }
}
