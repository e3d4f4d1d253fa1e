package io.queuemgr.messaging;

import java.time.Duration;

/**
 * Records a caller waited on could not be handed to the producer in time: the broker is away (or its metadata for the
 * topic is), or the producer's buffer stayed full. Nothing of them was sent, so the caller may simply try again.
 */
public class BrokerUnavailableException extends RuntimeException {

    public BrokerUnavailableException(Duration waited, String reason) {
        super("Kafka did not take the records within " + waited.toMillis() + " ms, so none was sent (" + reason + ")",
                null, false, false);
    }
}
