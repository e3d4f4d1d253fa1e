package io.queuemgr.dispatch;

import jakarta.inject.Singleton;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.task.ControlCommand;

/**
 * One record of the control topic, taken where it belongs: a reply to a request made here ({@link ControlReplies}),
 * a request for a queue this instance owns ({@link OwnerInbox}), an instance's word that it still runs tasks of queues
 * it no longer has ({@link ForeignRuns}), or a command for whichever instance runs the task
 * ({@link RunningTasks#apply}), which is also what a record written before requests existed is.
 */
@Singleton
class ControlRecords {

    private static final Logger LOG = Logger.getLogger(ControlRecords.class);

    private final ObjectMapper mapper;
    private final ControlReplies replies;
    private final OwnerInbox inbox;
    private final RunningTasks running;
    private final ForeignRuns foreign;

    ControlRecords(ObjectMapper mapper, ControlReplies replies, OwnerInbox inbox, RunningTasks running,
            ForeignRuns foreign) {
        this.mapper = mapper;
        this.foreign = foreign;
        this.replies = replies;
        this.inbox = inbox;
        this.running = running;
    }

    void take(ConsumerRecord<String, byte[]> r) {
        ControlCommand command;
        try {
            JsonNode tree = mapper.readTree(r.value());
            if (ControlReply.ACTION.equals(tree.path("action").asText())) {
                replies.take(mapper.treeToValue(tree, ControlReply.class));
                return;
            }
            if (StillRunning.ACTION.equals(tree.path("action").asText())) {
                foreign.heard(mapper.treeToValue(tree, StillRunning.class));
                return;
            }
            command = mapper.treeToValue(tree, ControlCommand.class);
        } catch (Exception e) {
            LOG.warnf("Skipped an unreadable control record at offset %d: %s", r.offset(), e.getMessage());
            return;
        }
        try {
            if (!inbox.take(command)) {
                running.apply(command);
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "The command %s failed", command);
        }
    }
}
