package io.queuemgr.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.queuemgr.peer.PeerClient;
import io.queuemgr.peer.TaskHolders;
import io.queuemgr.registry.InTransit;
import io.queuemgr.registry.TaskRegistry;
import io.queuemgr.task.Task;

/**
 * Answers to another instance say when this one is still reading the queues the dispatch group has just given it (the
 * asking instance then names it among those whose tasks its answer may lack), and when the task it answers with is
 * one it made a moment ago, not one it holds (never taken as the task's holder).
 */
public class PeerAnswers {

    private final TaskHolders holders;
    private final TaskRegistry registry;
    private final InTransit inTransit;

    public PeerAnswers(TaskHolders holders, TaskRegistry registry, InTransit inTransit) {
        this.holders = holders;
        this.registry = registry;
        this.inTransit = inTransit;
    }

    @ServerResponseFilter
    public void markTakingOver(ContainerRequestContext request, ContainerResponseContext response) {
        if (!PeerClient.THIS_INSTANCE.equalsIgnoreCase(request.getHeaderString(PeerClient.SCOPE))) {
            return;
        }
        if (holders.taking()) {
            response.getHeaders().putSingle(PeerClient.TAKING_OVER, "true");
        }
        if (response.getEntity() instanceof Task task && !registry.contains(task.id())
                && inTransit.contains(task.id())) {
            response.getHeaders().putSingle(PeerClient.IN_TRANSIT, "true");
        }
    }
}
