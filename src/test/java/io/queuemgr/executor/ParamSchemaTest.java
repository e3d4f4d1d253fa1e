package io.queuemgr.executor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.error.Problem.FieldError;
import io.queuemgr.executor.ParamSchema.Kind;

class ParamSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ParamSchema schema = ParamSchema.of().required("command", Kind.STRING)
            .optional("args", Kind.STRING_LIST).optional("env", Kind.STRING_MAP).optional("shell", Kind.BOOLEAN)
            .optional("codes", Kind.INTEGER_LIST);

    @Test
    void fittingParamsHaveNoErrors() throws Exception {
        assertThat(schema.validate(JSON.readTree(
                "{\"command\":\"ls\",\"args\":[\"-l\"],\"env\":{\"A\":\"1\"},\"shell\":false,\"codes\":[0,1]}")))
                .isEmpty();
    }

    @Test
    void everyMismatchIsNamedByItsPath() throws Exception {
        var errors = schema.validate(JSON.readTree(
                "{\"args\":[\"a\",2],\"env\":{\"A\":1},\"shell\":\"yes\",\"codes\":[1.5],\"extra\":1}"));
        assertThat(errors).extracting(FieldError::field).containsExactlyInAnyOrder("params.command",
                "params.args[1]", "params.env.A", "params.shell", "params.codes[0]", "params.extra");
    }

    @Test
    void aRuleSpeaksOnlyWhenTheKindFits() throws Exception {
        ParamSchema withRule = ParamSchema.of().required("url", Kind.STRING,
                v -> v.asText().startsWith("http") ? null : "must start with http");
        assertThat(withRule.validate(JSON.readTree("{\"url\":\"http://x\"}"))).isEmpty();
        assertThat(withRule.validate(JSON.readTree("{\"url\":\"ftp://x\"}"))).extracting(FieldError::message)
                .containsExactly("must start with http");
        assertThat(withRule.validate(JSON.readTree("{\"url\":1}"))).extracting(FieldError::message)
                .containsExactly("must be a string");
    }

    @Test
    void wholeNumbersBeyondAnIntAreNotWholeNumbersOfTheList() throws Exception {
        assertThat(schema.validate(JSON.readTree("{\"command\":\"ls\",\"codes\":[18446744073709551816]}")))
                .extracting(FieldError::field).containsExactly("params.codes[0]");
    }

    @Test
    void paramsMustBeAnObject() throws Exception {
        assertThat(schema.validate(JSON.readTree("[1]"))).extracting(FieldError::field).containsExactly("params");
    }
}
