package io.queuemgr.messaging;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * Where a consumer loop's records come from: its share of topics in a consumer group (committed offsets, rebalances),
 * or every partition of topics read by assignment (no group: each instance reads all of it).
 *
 * @param group the consumer group, or null for a reader by assignment
 * @param settings client settings of this consumer's own
 * @param start where a reader by assignment starts its first session; later sessions go on from where the last one
 *            read
 */
public record RecordSource(List<String> topics, String group, String clientId, Map<String, Object> settings,
        Start start) {

    /** Where a reader by assignment starts reading when it starts for the first time. */
    public enum Start {
        /** Everything the topics hold: to rebuild state from them. */
        BEGINNING,
        /** Only what comes from now on: what came before concerns nobody here. */
        END
    }

    public RecordSource {
        topics = List.copyOf(topics);
        settings = Map.copyOf(settings);
    }

    /** One topic read in a consumer group that commits by hand. */
    public static RecordSource group(String group, String clientId, String topic) {
        return new RecordSource(List.of(topic), group, clientId, Map.of(), Start.BEGINNING);
    }

    /** Every partition of the topics, read without a group. */
    public static RecordSource everyPartition(String clientId, Start start, String... topics) {
        return new RecordSource(List.of(topics), null, clientId, Map.of(), start);
    }

    /**
     * The same, asking the broker to collect more per fetch: for a consumer that may lag a moment, this saves broker
     * and client CPU per record.
     */
    public RecordSource withLargeFetches() {
        return new RecordSource(topics, group, clientId, Map.of(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 256 * 1024,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 500), start);
    }

    /**
     * The same, letting the broker hold a fetch for up to {@code wait} until {@code minBytes} have gathered: fewer,
     * fuller fetches for a consumer that may start its work that much later.
     */
    public RecordSource withFetchWait(Duration wait, int minBytes) {
        if (wait.isZero()) {
            return this;
        }
        return new RecordSource(topics, group, clientId, Map.of(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, minBytes,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) Math.max(1, wait.toMillis())), start);
    }

    public boolean grouped() {
        return group != null;
    }
}
