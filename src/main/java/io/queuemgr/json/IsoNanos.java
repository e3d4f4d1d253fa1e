package io.queuemgr.json;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * Instants as the service's codec writes them, ISO-8601 in UTC with 0, 3, 6 or 9 fraction digits as the value needs
 * ({@code 2026-11-30T22:44:27.144553512Z}), to and from nanoseconds since the epoch, without the general date-time
 * parser and formatter: the registry reads one for every time of a replayed snapshot, and {@link InstantJson} writes
 * every time of every snapshot with it.
 */
public final class IsoNanos {

    private static final long NANOS = 1_000_000_000L;

    private IsoNanos() {
    }

    /**
     * The nanoseconds since the epoch of the time text between {@code from} and {@code to}, or {@code Long.MIN_VALUE}
     * when it is not written exactly as the codec writes that instant.
     */
    public static long parse(byte[] s, int from, int to) {
        int length = to - from;
        int fraction = length - 21;
        if (length < 20 || fraction != -1 && fraction != 3 && fraction != 6 && fraction != 9
                || s[from + 4] != '-' || s[from + 7] != '-' || s[from + 10] != 'T' || s[from + 13] != ':'
                || s[from + 16] != ':' || s[to - 1] != 'Z' || fraction > 0 && s[from + 19] != '.') {
            return Long.MIN_VALUE;
        }
        int year = digits(s, from, 4);
        int month = digits(s, from + 5, 2);
        int day = digits(s, from + 8, 2);
        int hour = digits(s, from + 11, 2);
        int minute = digits(s, from + 14, 2);
        int second = digits(s, from + 17, 2);
        int nano = fraction > 0 ? digits(s, from + 20, fraction) : 0;
        if ((year | month | day | hour | minute | second | nano) < 0 || hour > 23 || minute > 59 || second > 59) {
            return Long.MIN_VALUE;
        }
        for (int k = fraction; k > 0 && k < 9; k++) {
            nano *= 10;
        }
        if (Math.max(0, fractionDigits(nano)) != Math.max(0, fraction)) {
            return Long.MIN_VALUE;
        }
        try {
            long days = LocalDate.of(year, month, day).toEpochDay();
            long seconds = days * 86_400 + hour * 3_600L + minute * 60L + second;
            return Math.addExact(Math.multiplyExact(seconds, NANOS), nano);
        } catch (DateTimeException | ArithmeticException e) {
            return Long.MIN_VALUE;
        }
    }

    /** Writes the instant as the codec does; answers where it ends. */
    public static int write(byte[] out, int o, long epochNanos) {
        long seconds = Math.floorDiv(epochNanos, NANOS);
        int nano = (int) Math.floorMod(epochNanos, NANOS);
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400));
        int ofDay = (int) Math.floorMod(seconds, 86_400);
        o = number(out, o, date.getYear(), 4);
        out[o++] = '-';
        o = number(out, o, date.getMonthValue(), 2);
        out[o++] = '-';
        o = number(out, o, date.getDayOfMonth(), 2);
        out[o++] = 'T';
        o = number(out, o, ofDay / 3_600, 2);
        out[o++] = ':';
        o = number(out, o, ofDay / 60 % 60, 2);
        out[o++] = ':';
        o = number(out, o, ofDay % 60, 2);
        int digits = fractionDigits(nano);
        if (digits > 0) {
            out[o++] = '.';
            int shown = nano;
            for (int k = digits; k < 9; k++) {
                shown /= 10;
            }
            o = number(out, o, shown, digits);
        }
        out[o++] = 'Z';
        return o;
    }

    /** How many fraction digits the codec writes for the nanosecond: 0, 3, 6 or 9 (-1 for none). */
    private static int fractionDigits(int nano) {
        if (nano == 0) {
            return -1;
        }
        return nano % 1_000_000 == 0 ? 3 : nano % 1_000 == 0 ? 6 : 9;
    }

    /** The decimal number of {@code n} digits at {@code at}, or -1. */
    private static int digits(byte[] s, int at, int n) {
        int v = 0;
        for (int i = at; i < at + n; i++) {
            int d = s[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    private static int number(byte[] out, int o, int v, int width) {
        for (int i = o + width - 1; i >= o; i--) {
            out[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return o + width;
    }
}
