package io.queuemgr.executor.ssh;

import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.queuemgr.executor.AllowedPath;
import io.queuemgr.executor.SecretOrText;
import io.queuemgr.json.WrongType;

/**
 * The params of a remote command: the target, the command line for the user's shell, variables exported before it,
 * whether it runs on a terminal, and how long it may take.
 */
@RegisterForReflection
@SshTarget.Credentials
public record SshExecParams(
        @NotBlank(message = "is required") String host,
        @Min(1) @Max(65535) Integer port,
        @NotBlank(message = "is required") String username,
        @SecretOrText JsonNode password,
        @SecretOrText JsonNode privateKey,
        @SecretOrText JsonNode passphrase,
        @KeyFile String keyFile,
        @AllowedPath String knownHosts,
        @Pattern(regexp = SshTarget.POLICIES, message = SshTarget.POLICY_MESSAGE) String hostKeyPolicy,
        @NotBlank(message = "is required") String command,
        @WrongType(SecretOrText.NOT_A_MAP) Map<@Pattern(regexp = RemoteCommand.NAME, message = "must be variable names: letters, digits and _, not starting with a digit") String, @SecretOrText JsonNode> env,
        Boolean pty,
        @Min(1) Integer timeoutSeconds)
        implements
            SshTarget {
}
