package io.queuemgr.executor.system;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The params of a system.update task: none, the operator's configured command is what runs. */
@RegisterForReflection
public record UpdateParams() {
}
