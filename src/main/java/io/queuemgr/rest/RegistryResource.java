package io.queuemgr.rest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.queuemgr.error.ApiException;
import io.queuemgr.registry.PeerCheckpoint;
import io.queuemgr.registry.RegistryCheckpoint;
import io.queuemgr.security.Roles;

/** This instance's registry, as a checkpoint file, for a new instance to start from. */
@jakarta.ws.rs.Path(PeerCheckpoint.PATH)
@Tag(name = "Statistics")
@RolesAllowed(Roles.ADMIN)
public class RegistryResource {

    /** How long a caller waits for a checkpoint written for it: the reader's current poll, then the write. */
    private static final Duration WRITE_WAIT = Duration.ofSeconds(50);

    private final RegistryCheckpoint checkpoint;

    public RegistryResource(RegistryCheckpoint checkpoint) {
        this.checkpoint = checkpoint;
    }

    @GET
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "This instance's registry checkpoint", description = "The file an instance starting "
            + "without a checkpoint of its own reads its registry from (queuemgr.registry.seed-from), before it reads "
            + "the status topic on from the positions the file names: the one written within the last checkpoint "
            + "period, or one written now (about a second per million tasks). Every task the registry holds is in "
            + "it, hence the admin role.")
    public Response checkpoint() throws IOException {
        Path file = written();
        // Opened once: a newer checkpoint moved into place meanwhile does not change what this answer sends.
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        long size = ch.size();
        StreamingOutput body = out -> {
            try (ch; InputStream in = Channels.newInputStream(ch)) {
                in.transferTo(out);
            }
        };
        return Response.ok(body, MediaType.APPLICATION_OCTET_STREAM_TYPE).header(HttpHeaders.CONTENT_LENGTH, size)
                .build();
    }

    private Path written() {
        try {
            return checkpoint.forPeer().get(WRITE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while waiting for the checkpoint");
        } catch (TimeoutException e) {
            throw unavailable("no checkpoint was written within " + WRITE_WAIT.toSeconds() + " s");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof NoSuchFileException none) {
                throw ApiException.notFound("checkpoint", none.getReason());
            }
            throw unavailable(e.getCause().getMessage());
        }
    }

    private static ApiException unavailable(String why) {
        return new ApiException(503, "checkpoint-unavailable", "Service unavailable",
                "No registry checkpoint to hand over now: " + why + ". A starting instance reads the whole status "
                        + "topic instead.",
                List.of());
    }
}
