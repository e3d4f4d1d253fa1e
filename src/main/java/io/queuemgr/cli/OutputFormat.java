package io.queuemgr.cli;

/** How a read verb prints: a table for people, or the service's JSON unchanged for scripts (jq). */
public enum OutputFormat {
    table,
    json
}
