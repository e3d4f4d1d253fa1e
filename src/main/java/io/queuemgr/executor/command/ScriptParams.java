package io.queuemgr.executor.command;

import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.NotNull;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.queuemgr.executor.AllowedPath;
import io.queuemgr.executor.SecretOrText;
import io.queuemgr.executor.process.ProcessEnvironment;
import io.queuemgr.json.WrongType;

/** The params of a script task: a script file on this host and its arguments. */
@RegisterForReflection
public record ScriptParams(
        @NotNull(message = "is required") @AllowedPath String scriptPath,
        List<String> scriptArgs,
        @WrongType(SecretOrText.NOT_A_MAP) @ProcessEnvironment Map<String, @SecretOrText JsonNode> env,
        @AllowedPath String workingDir) {
}
