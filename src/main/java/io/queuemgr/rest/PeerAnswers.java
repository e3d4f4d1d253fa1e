package io.queuemgr.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.queuemgr.peer.PeerClient;
import io.queuemgr.peer.TaskHolders;

/**
 * Answers to another instance say when this one is still reading the queues the dispatch group has just given it: the
 * asking instance then names it among those whose tasks its answer may lack.
 */
public class PeerAnswers {

    private final TaskHolders holders;

    public PeerAnswers(TaskHolders holders) {
        this.holders = holders;
    }

    @ServerResponseFilter
    public void markTakingOver(ContainerRequestContext request, ContainerResponseContext response) {
        if (PeerClient.THIS_INSTANCE.equalsIgnoreCase(request.getHeaderString(PeerClient.SCOPE))
                && holders.taking()) {
            response.getHeaders().putSingle(PeerClient.TAKING_OVER, "true");
        }
    }
}
