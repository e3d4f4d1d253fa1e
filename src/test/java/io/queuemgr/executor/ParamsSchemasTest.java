package io.queuemgr.executor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.queuemgr.executor.command.CommandParams;
import io.queuemgr.executor.http.WebhookParams;

class ParamsSchemasTest {

    private final ParamsSchemas schemas = new ParamsSchemas();

    @Test
    void aParamsRecordBecomesAnObjectSchemaWithItsFieldsTypesAndRequiredOnes() {
        JsonNode schema = schemas.of(CommandParams.class);
        assertThat(schema.path("type").asText()).isEqualTo("object");
        assertThat(schema.path("required")).extracting(JsonNode::asText).containsExactly("command");
        assertThat(schema.at("/properties/command/type").asText()).isEqualTo("string");
        assertThat(schema.at("/properties/args/type").asText()).isEqualTo("array");
        assertThat(schema.at("/properties/args/items/type").asText()).isEqualTo("string");
        assertThat(schema.at("/properties/shell/type").asText()).isEqualTo("boolean");
        assertThat(schema.path("additionalProperties").asBoolean(true)).isFalse();
    }

    @Test
    void secretsAreDescribedAsReferencesAndAnyJsonStaysOpen() {
        JsonNode schema = schemas.of(WebhookParams.class);
        assertThat(schema.at("/properties/headers/additionalProperties/anyOf/1/required/0").asText())
                .isEqualTo("secretRef");
        assertThat(schema.at("/properties/body")).isEqualTo(new ObjectMapper().createObjectNode());
        assertThat(schema.at("/properties/method/pattern").asText()).isNotEmpty();
    }

    @Test
    void paramsOfAnyShapeAreAnyObject() {
        assertThat(schemas.of(ObjectNode.class).path("type").asText()).isEqualTo("object");
    }
}
