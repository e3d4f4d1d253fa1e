package io.queuemgr.executor.vast;

import jakarta.inject.Singleton;

import io.queuemgr.executor.EnumFamily;
import io.queuemgr.task.ErrorKind;

/** The codes of Vast.ai operations (the executors come with the Vast.ai family). */
public enum VastErrors implements ErrorKind {
    VAST_API_ERROR(About.transientFailure("The Vast.ai API failed to handle the request.", "Retry later",
            "Check Vast.ai's status page")),
    VAST_AUTHENTICATION_FAILED(About.permanent("Vast.ai refused the API key.", "Check the API key the task references",
            "Create a new key in the Vast.ai console")),
    VAST_INSTANCE_NOT_FOUND(
            About.permanent("No instance has that id.", "List the instances", "Check the id in the task")),
    VAST_INSTANCE_CREATION_FAILED(About.transientFailure("The instance could not be created from the offer.",
            "Search offers again: the offer may be gone", "Check the image and disk size")),
    VAST_INSTANCE_DESTRUCTION_FAILED(About.transientFailure("The instance could not be destroyed.", "Retry",
            "Destroy it in the console and check billing")),
    VAST_QUOTA_EXCEEDED(About.permanent("The account's credit or quota does not allow the operation.", "Add credit",
            "Destroy instances that are not needed"));

    private final About about;

    VastErrors(About about) {
        this.about = about;
    }

    @Override
    public About about() {
        return about;
    }

    /** The family's part of the catalogue. */
    @Singleton
    static class Family extends EnumFamily<VastErrors> {

        Family() {
            super("vast", VastErrors.class);
        }
    }
}
