package io.queuemgr.rest;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.queuemgr.error.ApiException;
import io.queuemgr.executor.ExecutorRegistry;
import io.queuemgr.executor.ParamsSchemas;
import io.queuemgr.executor.TaskType;
import io.queuemgr.security.Roles;

/** The task types this service runs, with what each takes: for people, for forms, for clients that build tasks. */
@Path("/api/task-types")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Task types")
@RolesAllowed(Roles.VIEWER)
public class TaskTypeResource {

    /**
     * A task type as a client sees it. The schema is a plain map: a JSON node type on a returned record would get a
     * generated bean serializer that then applied to every node the service writes.
     */
    @RegisterForReflection
    public record TaskTypeView(String name, List<String> aliases, String category, List<String> tags,
            String description, Set<String> capabilities, Map<String, Object> paramsSchema) {
    }

    private static final TypeReference<Map<String, Object>> A_MAP = new TypeReference<>() {
    };
    private static final ObjectMapper PLAIN = new ObjectMapper();

    private final ExecutorRegistry executors;
    private final ParamsSchemas schemas;

    public TaskTypeResource(ExecutorRegistry executors, ParamsSchemas schemas) {
        this.executors = executors;
        this.schemas = schemas;
    }

    @GET
    @Operation(summary = "Every task type", description = "Name, the other names a submission may use, the category "
            + "and tags a task gets when it gives none, what a running task can do (cancellable, pausable, runsCode: "
            + "submitting it needs a grant of the type), and the JSON Schema of its params.")
    public List<TaskTypeView> list() {
        return executors.types().stream().map(this::view).toList();
    }

    @GET
    @Path("/{name}")
    @Operation(summary = "One task type, by its name or an alias")
    public TaskTypeView get(@PathParam("name") String name) {
        return executors.type(name).map(this::view).orElseThrow(() -> ApiException.notFound("task-type",
                "No task type is named " + name + "; GET /api/task-types lists them"));
    }

    private TaskTypeView view(TaskType type) {
        Set<String> capabilities = new TreeSet<>();
        type.capabilities().forEach(c -> capabilities.add(switch (c) {
            case CANCELLABLE -> "cancellable";
            case PAUSABLE -> "pausable";
            case RUNS_CODE -> "runsCode";
        }));
        return new TaskTypeView(type.name(), type.aliases(), type.category(), type.tags(), type.description(),
                capabilities, PLAIN.convertValue(schemas.of(type.params()), A_MAP));
    }
}
