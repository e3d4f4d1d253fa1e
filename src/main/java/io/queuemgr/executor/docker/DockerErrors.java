package io.queuemgr.executor.docker;

import jakarta.inject.Singleton;

import io.queuemgr.executor.EnumFamily;
import io.queuemgr.task.ErrorKind;

/** The codes of Docker operations (the executors come with the Docker family). */
public enum DockerErrors implements ErrorKind {
    DOCKER_IMAGE_NOT_FOUND(About.permanent("The image or tag does not exist locally or in the registry.",
            "Check the image name and tag", "Log in to the registry if the image is private")),
    DOCKER_AUTHENTICATION_FAILED(About.permanent("The registry refused the credentials.",
            "Check the registry credentials the task references", "Check that the token has not expired")),
    DOCKER_PERMISSION_DENIED(About.permanent("The Docker engine or registry refused the operation for this user.",
            "Check access to the engine's socket", "Check the repository's permissions in the registry")),
    DOCKER_NETWORK_ERROR(About.transientFailure("The Docker engine or registry could not be reached.",
            "Check that the engine runs and its socket or address is right", "Check the network path to the registry")),
    DOCKER_REGISTRY_ERROR(About.transientFailure("The registry failed to handle the request.", "Retry later",
            "Check the registry's health and storage")),
    DOCKER_BUILD_FAILED(About.permanent("The image build failed.", "Read the build log in the task log",
            "Build the same context by hand")),
    DOCKER_PUSH_FAILED(About.transientFailure("Pushing the image failed.",
            "Check the tag names the registry and repository", "Check the registry's quota")),
    DOCKER_PULL_FAILED(About.transientFailure("Pulling the image failed.", "Check the image name and the registry",
            "Check disk space on the engine's host")),
    DOCKER_CONTAINER_NOT_FOUND(About.permanent("No container has that name or id.",
            "List the containers with docker ps -a", "Check the name in the task")),
    DOCKER_CONTAINER_ALREADY_RUNNING(About.permanent("A container with that name already runs.",
            "Stop or remove it first", "Choose another name"));

    private final About about;

    DockerErrors(About about) {
        this.about = about;
    }

    @Override
    public About about() {
        return about;
    }

    /** The family's part of the catalogue. */
    @Singleton
    static class Family extends EnumFamily<DockerErrors> {

        Family() {
            super("docker", DockerErrors.class);
        }
    }
}
