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
 * hands it to its runner, which acts on the tasks it runs (cancel, pause, resume, release).
 */
@Singleton
public class ControlListener {

    private static final Logger LOG = Logger.getLogger(ControlListener.class);

    private final TaskRunner runner;
    private final ObjectMapper mapper;
    private final ConsumerLoop loop;

    public ControlListener(ConsumerLoops loops, Topics topics, TaskRunner runner, ObjectMapper mapper,
            InstanceIdentity identity) {
        this.runner = runner;
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
            // In order, on this thread: a pause or resume runs a short kill, and a resume must follow its pause.
            switch (command.action()) {
                case ControlCommand.CANCEL -> runner.cancel(command.taskId(), command.version());
                case ControlCommand.PAUSE -> runner.pause(command.taskId(), command.version());
                case ControlCommand.RESUME -> runner.resume(command.taskId());
                case ControlCommand.RELEASE -> runner.release(command.taskId());
                default -> LOG.warnf("Ignored a control command with the unknown action '%s'", command.action());
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "The %s of task %s failed", command.action(), command.taskId());
        }
    }

    public void stop() {
        loop.stop();
    }
}
