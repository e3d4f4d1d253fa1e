package io.queuemgr.executor.data;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits of the data tasks, under {@code queuemgr.data.}; they keep a task's memory bounded whatever the file. */
@ConfigMapping(prefix = "queuemgr.data")
public interface DataConfig {

    /** The largest input file a data task reads, in bytes; a task's maxInputBytes may only lower it. */
    @WithDefault("10737418240")
    long maxInputBytes();

    /** The longest record (a CSV row or a JSON line) in characters; a longer one fails as DATA_PARSING_FAILED. */
    @WithDefault("1048576")
    int maxRecordChars();

    /** The most columns a file may have (JSON Lines: distinct keys); each column's statistics take memory. */
    @WithDefault("1000")
    int maxColumns();

    /** How many distinct values per column data.analyze counts exactly; past it the count is a lower bound. */
    @WithDefault("10000")
    int distinctLimit();

    /** The longest list of ids or refused lines a data.import report keeps; the counts are always whole. */
    @WithDefault("1000")
    int reportLimit();

    /**
     * How many tasks data.export reads at a time; only one such page is held in memory. Taken as at most 1000, the
     * largest page the API lists (and, with split holding, asks each other instance for).
     */
    @WithDefault("500")
    int exportPageSize();

    /** How long data.export waits for one page of the task history before it takes PostgreSQL as down. */
    @WithDefault("PT30S")
    Duration exportQueryTimeout();
}
