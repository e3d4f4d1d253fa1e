package io.queuemgr.executor.noop;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The params of a noop task: how long it takes, and what it answers with (any JSON). */
@RegisterForReflection
public record NoopParams(Long durationMs, JsonNode echo) {
}
