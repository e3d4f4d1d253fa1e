package io.queuemgr.guard;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What tasks may touch on the machine that runs them, under {@code queuemgr.guard.}. */
@ConfigMapping(prefix = "queuemgr.guard")
public interface GuardConfig {

    /**
     * Folders that workingDir, scriptPath and every other path a task names must lie in, after '..' is resolved and
     * (when the task runs) links are followed; {@code /} allows any path.
     */
    @WithDefault("/tmp")
    List<String> pathRoots();

    /** Programs a command task may run, by bare name or absolute path; unset allows any. */
    Optional<List<String>> commands();

    /** Where HTTP-based tasks (webhooks) may send requests. */
    Http http();

    /** Where HTTP-based tasks may send requests; allow wins over deny and over the built-in refusals. */
    interface Http {
        /** CIDRs and host names ({@code *.example.com} for subdomains) allowed even when denied otherwise. */
        Optional<List<String>> allow();

        /** CIDRs and host names refused besides the built-in link-local and cloud-metadata destinations. */
        Optional<List<String>> deny();
    }
}
