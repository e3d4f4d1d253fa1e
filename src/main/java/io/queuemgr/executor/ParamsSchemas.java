package io.queuemgr.executor;

import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.CustomDefinition;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationModule;
import com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationOption;

/**
 * The JSON Schema (draft 2020-12) of each type's params record, made from the record's components and their Bean
 * Validation constraints by the victools generator: what {@code GET /api/task-types} and the OpenAPI document show.
 */
@Singleton
public class ParamsSchemas {

    static final String SECRET_OR_TEXT = "A string, or {\"secretRef\": \"NAME\"} for a secret the service looks up "
            + "when the task runs";

    private final SchemaGenerator generator;
    private final Map<Class<?>, ObjectNode> made = new ConcurrentHashMap<>();

    public ParamsSchemas() {
        // A mapper of its own: the generator configures the mapper it is given, and the service's must stay as it is.
        SchemaGeneratorConfigBuilder config = new SchemaGeneratorConfigBuilder(new ObjectMapper(),
                SchemaVersion.DRAFT_2020_12,
                OptionPreset.PLAIN_JSON)
                .with(new JakartaValidationModule(JakartaValidationOption.NOT_NULLABLE_FIELD_IS_REQUIRED,
                        JakartaValidationOption.INCLUDE_PATTERN_EXPRESSIONS))
                .with(Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT, Option.MAP_VALUES_AS_ADDITIONAL_PROPERTIES);
        // A JsonNode component takes any JSON: its own fields are not the params'.
        config.forTypesInGeneral().withCustomDefinitionProvider((type, context) -> type.isInstanceOf(JsonNode.class)
                ? new CustomDefinition(context.getGeneratorConfig().createObjectNode(),
                        CustomDefinition.DefinitionType.INLINE, CustomDefinition.AttributeInclusion.NO)
                : null);
        config.forFields().withInstanceAttributeOverride((node, field, context) -> {
            if (field.getAnnotationConsideringFieldAndGetter(SecretOrText.class) != null) {
                node.removeAll();
                node.setAll(secretOrText(context.getGeneratorConfig().createObjectNode()));
            } else if (node.has("additionalProperties") && secretValues(field.getRawMember())) {
                node.set("additionalProperties", secretOrText(context.getGeneratorConfig().createObjectNode()));
            }
        });
        this.generator = new SchemaGenerator(config.build());
    }

    /** The schema of a params record; any object for {@code ObjectNode}. */
    public ObjectNode of(Class<?> params) {
        return made.computeIfAbsent(params, p -> ObjectNode.class.equals(p)
                ? JsonNodeFactory.instance.objectNode().put("type", "object")
                : generator.generateSchema(p)).deepCopy();
    }

    /** A map whose values are declared {@code @SecretOrText}. */
    private static boolean secretValues(Field field) {
        return field.getAnnotatedType() instanceof AnnotatedParameterizedType map
                && map.getAnnotatedActualTypeArguments().length == 2
                && map.getAnnotatedActualTypeArguments()[1].isAnnotationPresent(SecretOrText.class);
    }

    private static ObjectNode secretOrText(ObjectNode node) {
        node.put("description", SECRET_OR_TEXT);
        var anyOf = node.putArray("anyOf");
        anyOf.addObject().put("type", "string");
        ObjectNode ref = anyOf.addObject().put("type", "object").put("additionalProperties", false);
        ref.putObject("properties").putObject("secretRef").put("type", "string");
        ref.putArray("required").add("secretRef");
        return node;
    }
}
