package io.queuemgr.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.queuemgr.json.InstantJson;
import io.queuemgr.json.StrictJson;

/** Commands on the control topic keep the shape they had as one record with an action, both ways. */
class ControlCommandJsonTest {

    private static final UUID ID = UUID.fromString("0b6e5f5e-8a52-4c59-9d36-0a3c2f1d7e11");
    private static final Instant AT = Instant.parse("2026-03-01T10:00:00.123456Z");

    /** As Quarkus sets it up: ISO instants, unknown properties ignored, plus the service's own customizers. */
    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    ControlCommandJsonTest() {
        new InstantJson().customize(mapper);
        new StrictJson().customize(mapper);
    }

    /** The command as it was written before it became a sealed type. */
    record OldCommand(String action, UUID taskId, long version, Instant at) {
    }

    @Test
    void eachCommandIsWrittenAsTheOldRecordWas() throws Exception {
        List<ControlCommand> commands = List.of(new ControlCommand.Cancel(ID, 3, AT),
                new ControlCommand.Pause(ID, 3, AT), new ControlCommand.Resume(ID, 3, AT),
                new ControlCommand.Release(ID, 3, AT));
        List<String> actions = List.of("cancel", "pause", "resume", "release");
        for (int i = 0; i < commands.size(); i++) {
            assertThat(new String(mapper.writeValueAsBytes(commands.get(i))))
                    .isEqualTo(new String(mapper.writeValueAsBytes(new OldCommand(actions.get(i), ID, 3, AT))));
        }
        assertThat(mapper.writeValueAsString(commands.get(0))).isEqualTo(
                "{\"action\":\"cancel\",\"taskId\":\"" + ID
                        + "\",\"version\":3,\"at\":\"2026-03-01T10:00:00.123456Z\"}");
    }

    @Test
    void recordsWrittenBeforeAreReadAsTheirCommand() throws Exception {
        byte[] old = mapper.writeValueAsBytes(new OldCommand("pause", ID, 7, AT));
        assertThat(mapper.readValue(old, ControlCommand.class)).isEqualTo(new ControlCommand.Pause(ID, 7, AT));
        String release = "{\"action\":\"release\",\"taskId\":\"" + ID + "\",\"version\":2,\"at\":\"" + AT + "\"}";
        assertThat(mapper.readValue(release, ControlCommand.class)).isEqualTo(new ControlCommand.Release(ID, 2, AT));
    }

    @Test
    void aRequestToTheOwnerAddsItsIdAndQueueAndOldRecordsReadWithoutThem() throws Exception {
        Task task = Task.pending(ID, "q1", "command", null, null, List.of(), 0, 3, null, null, AT);
        UUID request = UUID.fromString("5f0c5e7e-1d2b-4c3a-8e9f-0a1b2c3d4e5f");
        List<ControlCommand> requests = List.of(new ControlCommand.Cancel(task, AT, request),
                new ControlCommand.Pause(task, AT, request), new ControlCommand.Resume(task, AT, request),
                new ControlCommand.Retry(task, AT, request), new ControlCommand.Discard(task, AT, request));
        List<String> actions = List.of("cancel", "pause", "resume", "retry", "discard");
        for (int i = 0; i < requests.size(); i++) {
            String json = mapper.writeValueAsString(requests.get(i));
            assertThat(json).isEqualTo("{\"action\":\"" + actions.get(i) + "\",\"taskId\":\"" + ID
                    + "\",\"version\":1,\"at\":\"2026-03-01T10:00:00.123456Z\",\"requestId\":\"" + request
                    + "\",\"queue\":\"q1\"}");
            assertThat(mapper.readValue(json, ControlCommand.class)).isEqualTo(requests.get(i));
        }
        ControlCommand old = mapper.readValue(mapper.writeValueAsBytes(new OldCommand("cancel", ID, 7, AT)),
                ControlCommand.class);
        assertThat(old.requestId()).isNull();
        assertThat(old.queue()).isNull();
    }

    @Test
    void aCommandGivenForATaskCarriesItsIdAndVersion() {
        Task task = Task.pending(ID, "q", "command", null, null, List.of(), 0, 3, null, null, AT).pause(AT);
        assertThat(new ControlCommand.Resume(task, AT)).isEqualTo(new ControlCommand.Resume(ID, 2, AT));
    }

    @Test
    void anUnknownActionIsRefused() {
        String unknown = "{\"action\":\"explode\",\"taskId\":\"" + ID + "\",\"version\":2,\"at\":\"" + AT + "\"}";
        assertThatThrownBy(() -> mapper.readValue(unknown, ControlCommand.class))
                .isInstanceOf(InvalidTypeIdException.class);
    }
}
