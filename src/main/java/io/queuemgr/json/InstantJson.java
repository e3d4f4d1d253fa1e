package io.queuemgr.json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.ser.InstantSerializer;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Reads the UTC timestamps the service itself writes ({@code 2026-01-02T03:04:05.123456Z}) without the general
 * date-time parser, which was the largest single cost of decoding a task snapshot; anything else falls back to it.
 * Writes them in the same form as the general formatter (0, 3, 6 or 9 fraction digits), without it: formatting was
 * half the cost of encoding a COMPLETED snapshot in a drain.
 */
@Singleton
public class InstantJson implements ObjectMapperCustomizer {

    /** Last, so that it overrides the general Instant reader of the time module Quarkus registers. */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("queuemgr-instant").addDeserializer(Instant.class, new Reader())
                .addSerializer(Instant.class, new Writer()));
    }

    /**
     * The serializer. Instants from 1970 to 2255, whose nanoseconds fit a long, are written here; any other, or a
     * mapper told to write dates as numbers, is left to the time module's serializer.
     */
    static final class Writer extends StdSerializer<Instant> {

        private static final long LAST_SECOND = Long.MAX_VALUE / 1_000_000_000L - 1;

        Writer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            long seconds = value.getEpochSecond();
            if (seconds < 0 || seconds > LAST_SECOND
                    || provider.isEnabled(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)) {
                InstantSerializer.INSTANCE.serialize(value, gen, provider);
                return;
            }
            byte[] text = new byte[30];
            int end = IsoNanos.write(text, 0, seconds * 1_000_000_000L + value.getNano());
            gen.writeString(new String(text, 0, end, StandardCharsets.ISO_8859_1));
        }
    }

    /** The deserializer; numbers are epoch seconds with an optional fraction, as Jackson writes them by default. */
    static final class Reader extends JsonDeserializer<Instant> {
        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                return Instant.ofEpochSecond(p.getLongValue());
            }
            if (p.currentToken() == JsonToken.VALUE_NUMBER_FLOAT) {
                var seconds = p.getDecimalValue();
                long whole = seconds.longValue();
                return Instant.ofEpochSecond(whole, seconds.subtract(java.math.BigDecimal.valueOf(whole))
                        .movePointRight(9).longValue());
            }
            String text = p.getValueAsString();
            if (text == null) {
                return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
            }
            try {
                Instant fast = parseUtc(text);
                return fast != null ? fast : Instant.parse(text);
            } catch (DateTimeParseException e) {
                return (Instant) ctxt.handleWeirdStringValue(Instant.class, text, "not an ISO-8601 instant");
            }
        }
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z}, or null when the text has any other shape. */
    static Instant parseUtc(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        int nanos = 0;
        if (n > 20) {
            if (s.charAt(19) != '.' || n - 21 > 9 || n - 21 < 1) {
                return null;
            }
            int fraction = digits(s, 20, n - 1);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction * POW10[9 - (n - 21)];
        }
        if ((year | month | day | hour | minute | second) < 0 || month < 1 || month > 12 || day < 1 || hour > 23
                || minute > 59 || second > 59 || day > LocalDate.of(year, month, 1).lengthOfMonth()) {
            return null;
        }
        long days = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    private static final int[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000,
            1_000_000_000};

    private static int digits(String s, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
