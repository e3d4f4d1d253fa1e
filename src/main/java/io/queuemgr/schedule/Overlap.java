package io.queuemgr.schedule;

/** What a schedule does at a fire time while the task of its previous firing is not final. */
public enum Overlap {
    /** Lets the slot pass without a task. */
    SKIP,
    /** Fires anyway. */
    ALLOW;

    public String json() {
        return name().toLowerCase();
    }

    static Overlap of(String text) {
        return valueOf(text.toUpperCase());
    }
}
