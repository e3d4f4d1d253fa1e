package io.queuemgr.executor.github;

import jakarta.inject.Singleton;

import io.queuemgr.executor.EnumFamily;
import io.queuemgr.task.ErrorKind;

/** The codes of GitHub operations (the executors come with the GitHub family). */
public enum GitHubErrors implements ErrorKind {
    GITHUB_API_ERROR(About.transientFailure("The GitHub API failed to handle the request or limited its rate.",
            "Retry after the rate limit resets", "Check githubstatus.com")),
    GITHUB_AUTHENTICATION_FAILED(About.permanent("GitHub refused the token or it lacks a scope.",
            "Check the token the task references and its scopes", "Create a new token")),
    GITHUB_REPO_NOT_FOUND(About.permanent("The repository does not exist or the token cannot see it.",
            "Check the owner and name", "Check the token's access to private repositories")),
    GITHUB_REPO_ALREADY_EXISTS(About.permanent("A repository of that name already exists.", "Choose another name",
            "Use the existing repository")),
    GITHUB_BRANCH_NOT_FOUND(
            About.permanent("The branch does not exist.", "Check the branch name", "Push the branch first")),
    GITHUB_MERGE_CONFLICT(
            About.permanent("The change conflicts with the branch.", "Merge or rebase by hand and push again"));

    private final About about;

    GitHubErrors(About about) {
        this.about = about;
    }

    @Override
    public About about() {
        return about;
    }

    /** The family's part of the catalogue. */
    @Singleton
    static class Family extends EnumFamily<GitHubErrors> {

        Family() {
            super("github", GitHubErrors.class);
        }
    }
}
