package io.queuemgr.executor.k8s;

import jakarta.inject.Singleton;

import io.queuemgr.executor.EnumFamily;
import io.queuemgr.task.ErrorKind;

/** The codes of Kubernetes operations (the executors come with the Kubernetes family). */
public enum KubernetesErrors implements ErrorKind {
    K8S_CLUSTER_UNAVAILABLE(About.transientFailure("The Kubernetes API server could not be reached.",
            "Check the API server address and that the cluster is up", "Check the network path from the service")),
    K8S_AUTHENTICATION_FAILED(About.permanent(
            "The API server refused the credentials or the service account lacks the permission.",
            "Check the token or kubeconfig the task references", "Check the RBAC role bound to the service account")),
    K8S_RESOURCE_NOT_FOUND(About.permanent("The named resource does not exist.", "Check the kind, name and namespace",
            "List them with kubectl get")),
    K8S_RESOURCE_ALREADY_EXISTS(About.permanent("A resource of that kind and name already exists.",
            "Apply instead of create", "Delete the old one first")),
    K8S_NAMESPACE_NOT_FOUND(
            About.permanent("The namespace does not exist.", "Create the namespace", "Check its spelling")),
    K8S_POD_FAILED(About.transientFailure("A pod failed or did not become ready.", "Read the pod's events and logs",
            "Check image, resources and probes")),
    K8S_DEPLOYMENT_FAILED(About.transientFailure("The deployment did not roll out.",
            "Read the rollout status and the replica set's events", "Roll back to the previous revision")),
    K8S_SERVICE_FAILED(About.transientFailure("The service could not be created or has no ready endpoints.",
            "Check the selector against the pods' labels", "Check the ports"));

    private final About about;

    KubernetesErrors(About about) {
        this.about = about;
    }

    @Override
    public About about() {
        return about;
    }

    /** The family's part of the catalogue. */
    @Singleton
    static class Family extends EnumFamily<KubernetesErrors> {

        Family() {
            super("kubernetes", KubernetesErrors.class);
        }
    }
}
