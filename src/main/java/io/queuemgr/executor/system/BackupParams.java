package io.queuemgr.executor.system;

import java.util.List;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.queuemgr.executor.AllowedPath;

/**
 * The params of a system.backup task: the files and folders to archive and the .tar.gz file to write; an existing
 * file there is replaced once the new archive is complete.
 */
@RegisterForReflection
public record BackupParams(
        @NotNull(message = "is required") @NotEmpty(message = "needs at least one path") List<@NotNull(message = "is required") @AllowedPath String> paths,
        @NotNull(message = "is required") @AllowedPath String destination) {
}
