package io.queuemgr.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.peer.PeerClient;

/** What a Kafka record handed to its queue's holder becomes, by the holder's answer. */
class HolderSubmissionsTest {

    private final HolderSubmissions holder = new HolderSubmissions(null, null, null, new ObjectMapper());
    private final PeerClient.Peer peer = new PeerClient.Peer("b", URI.create("http://10.0.0.2:8080"));

    private PeerClient.Answer answer(int status, String body) {
        return new PeerClient.Answer(peer, status, "application/problem+json", body.getBytes(StandardCharsets.UTF_8),
                false, false, Map.of());
    }

    @Test
    void aRefusalTheHolderExplainsIsFinal() {
        var refused = holder.outcome(answer(400, "{\"type\":\"/problems/invalid-request\",\"detail\":\"There is no "
                + "queue named 'q'\",\"errors\":[{\"field\":\"queue\",\"message\":\"no such queue\"}]}"));
        assertThat(refused).isInstanceOfSatisfying(KafkaOutcome.Refused.class, r -> {
            assertThat(r.reason()).isEqualTo("There is no queue named 'q'");
            assertThat(r.errors()).hasSize(1);
        });
        assertThat(holder.outcome(answer(200, "{}"))).isInstanceOf(KafkaOutcome.Made.class);
    }

    @Test
    void anyOtherAnswerIsAskedAgainNotRejected() {
        // A holder of a version without the route, an error page, the queue moving: the record is read again.
        assertThatThrownBy(() -> holder.outcome(answer(404, ""))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> holder.outcome(answer(400, "<html>bad</html>")))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> holder.outcome(answer(400, "{\"detail\":\"x\"}")))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> holder.outcome(answer(503, "{\"type\":\"/problems/peer-unavailable\"}")))
                .isInstanceOf(IllegalStateException.class);
    }
}
