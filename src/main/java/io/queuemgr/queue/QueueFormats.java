package io.queuemgr.queue;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** How a queue definition writes its durations and its rate limit, read from JSON. */
final class QueueFormats {

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d)");
    private static final Duration LONGEST = Duration.ofDays(30);

    private QueueFormats() {
    }

    /**
     * A duration from 1 ms to 30 days: ISO-8601 ({@code PT30S}), a short form ({@code 500ms}, {@code 30s},
     * {@code 5m}, {@code 1h}, {@code 1d}) or a whole number of seconds. Anything else does not read.
     */
    @RegisterForReflection
    public static final class DurationReader extends StdDeserializer<Duration> {

        public DurationReader() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            Duration d = null;
            if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                BigInteger seconds = p.getBigIntegerValue();
                d = seconds.bitLength() < Long.SIZE ? Duration.ofSeconds(seconds.longValue()) : null;
            } else if (p.currentToken() == JsonToken.VALUE_STRING) {
                d = parse(p.getText());
            }
            if (d == null || d.isNegative() || d.isZero() || d.compareTo(LONGEST) > 0) {
                throw JsonMappingException.from(p, "not a queue duration");
            }
            return d;
        }
    }

    /** A rate limit written like {@code 100/hour}; anything else does not read. */
    @RegisterForReflection
    public static final class RateLimitReader extends StdDeserializer<RateLimit> {

        public RateLimitReader() {
            super(RateLimit.class);
        }

        @Override
        public RateLimit deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            RateLimit limit = p.currentToken() == JsonToken.VALUE_STRING ? RateLimit.parse(p.getText()) : null;
            if (limit == null) {
                throw JsonMappingException.from(p, "not a rate limit");
            }
            return limit;
        }
    }

    static Duration parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = SHORT_DURATION.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(text.trim());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
