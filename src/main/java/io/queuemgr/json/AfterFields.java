package io.queuemgr.json;

/**
 * The validation group of constraints over a whole record that {@link JsonRecords} checks only once every field of
 * it is right: a rule that combines fields has nothing to say while one of them is wrong.
 */
public interface AfterFields {
}
