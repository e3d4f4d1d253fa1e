package io.queuemgr.executor.data;

/** The limits of {@link DataConfig} as values, so that tests and helpers need no configuration. */
public record DataLimits(long maxInputBytes, int maxRecordChars, int maxColumns, int distinctLimit,
        int reportLimit) {

    public static DataLimits of(DataConfig config) {
        return new DataLimits(config.maxInputBytes(), config.maxRecordChars(), config.maxColumns(),
                config.distinctLimit(), config.reportLimit());
    }

    /** The defaults of {@link DataConfig}. */
    public static DataLimits defaults() {
        return new DataLimits(10L << 30, 1 << 20, 1000, 10_000, 1000);
    }

    /** The input limit a task asked for, never above the operator's. */
    public long inputBytes(Long asked) {
        return asked == null ? maxInputBytes : Math.min(asked, maxInputBytes);
    }
}
