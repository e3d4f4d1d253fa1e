package io.queuemgr.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.arc.Arc;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import io.queuemgr.executor.ExecutorRegistry;
import io.queuemgr.executor.ParamsSchemas;
import io.queuemgr.executor.TaskType;

/**
 * Puts the params schema of every task type into the OpenAPI document, as components named {@code params.<type>}:
 * the submission body takes any object as params, and these say which fit each type. Runs when the document is asked
 * for, not at start: there, building the document with these schemas was a fifth of the start-up thread's samples;
 * {@link ParamsSchemas} keeps each schema once made, so a later request only copies them into the model.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.RUNTIME_PER_REQUEST)
public class TaskTypesInOpenApi implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        var container = Arc.container();
        ParamsSchemas schemas = container.instance(ParamsSchemas.class).get();
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        for (TaskType type : container.instance(ExecutorRegistry.class).get().types()) {
            JsonNode schema = schemas.of(type.params());
            ((ObjectNode) schema).remove("$schema");
            Schema model = (Schema) modelOf(schema, null);
            model.setDescription(type.description());
            openAPI.getComponents().addSchema("params." + type.name(), model);
        }
    }

    /** A JSON Schema node as the OpenAPI model holds it: schemas as Schema, the property map as a map of them. */
    private static Object modelOf(JsonNode node, String key) {
        if (node.isObject()) {
            if ("properties".equals(key)) {
                Map<String, Object> properties = new LinkedHashMap<>();
                node.properties().forEach(e -> properties.put(e.getKey(), modelOf(e.getValue(), null)));
                return properties;
            }
            Schema schema = OASFactory.createSchema();
            node.properties().forEach(e -> schema.set(e.getKey(), modelOf(e.getValue(), e.getKey())));
            return schema;
        }
        if (node.isArray()) {
            List<Object> items = new ArrayList<>();
            node.forEach(item -> items.add(modelOf(item, null)));
            return items;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        return node.asText();
    }
}
