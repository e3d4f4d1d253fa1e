package io.queuemgr.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Map;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.queuemgr.error.Problem.FieldError;
import io.queuemgr.testing.PlainRecords;

class JsonRecordsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UNKNOWN = "is not a parameter of this type";
    private final JsonRecords records = PlainRecords.with();

    record Params(@NotNull(message = "is required") String command, List<String> args, Map<String, String> env,
            Boolean shell, List<Integer> codes) {
    }

    record Hook(
            @NotNull(message = "is required") @Pattern(regexp = "http.*", message = "must start with http") String url) {
    }

    record Labels(
            @WrongType(value = "must be a non-empty string", blankToo = true) @Size(max = 3, message = "too long") String name,
            @WrongType("must be a list of at most 2 labels") @Size(max = 2, message = "must be a list of at most 2 labels") List<@WrongType("must be a label") @Size(max = 3, message = "must be a label") String> labels,
            @WrongType("must be a whole number up to 9") @Max(value = 9, message = "must be a whole number up to 9") Integer level) {
    }

    record Report(@WrongType(value = "must be true or false", nullToo = true) Boolean retry, JsonNode result,
            String note) {
    }

    @Ordered(groups = AfterFields.class)
    record Range(Integer from, @WrongType("must be a whole number") Integer to, @Size(max = 3) String label) {
    }

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @Constraint(validatedBy = Ordered.Check.class)
    @interface Ordered {
        String message() default "unused";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        class Check implements ConstraintValidator<Ordered, Range> {
            @Override
            public boolean isValid(Range r, ConstraintValidatorContext context) {
                return r.from() == null || r.to() == null || r.from() <= r.to()
                        || Violations.refuse(context, "to", "must not be below {from} ${from} \\$ \\\\, which is "
                                + r.from());
            }
        }
    }

    private <R> List<FieldError> errors(String json, Class<R> type) throws Exception {
        return records.read(JSON.readTree(json), type, "params", UNKNOWN).errors();
    }

    @Test
    void fittingParamsHaveNoErrors() throws Exception {
        Reading<Params> reading = records.read(JSON.readTree(
                "{\"command\":\"ls\",\"args\":[\"-l\"],\"env\":{\"A\":\"1\"},\"shell\":false,\"codes\":[0,1]}"),
                Params.class, "params", UNKNOWN);
        assertThat(reading.ok()).isTrue();
        assertThat(reading.value()).isEqualTo(new Params("ls", List.of("-l"), Map.of("A", "1"), false, List.of(0, 1)));
    }

    @Test
    void everyMismatchIsNamedByItsPath() throws Exception {
        var errors = errors("{\"args\":[\"a\",2],\"env\":{\"A\":1},\"shell\":\"yes\",\"codes\":[1.5],\"extra\":1}",
                Params.class);
        assertThat(errors).extracting(FieldError::field).containsExactlyInAnyOrder("params.command",
                "params.args[1]", "params.env.A", "params.shell", "params.codes[0]", "params.extra");
    }

    @Test
    void errorsComeInTheOrderOfTheFieldsWithTheTypeOfWhatIsWrong() throws Exception {
        var errors = records.read(JSON.readTree(
                "{\"colour\":1,\"codes\":[1,\"x\",2,{}],\"env\":{\"B\":1,\"A\":2},\"shell\":\"yes\",\"args\":\"ls\"}"),
                Params.class, "params", UNKNOWN);
        assertThat(errors.unknown()).containsExactly(new FieldError("params.colour",
                "is not a parameter of this type; known: command, args, env, shell, codes"));
        assertThat(errors.invalid()).containsExactly(
                new FieldError("params.command", "is required"),
                new FieldError("params.args", "must be a list"),
                new FieldError("params.env.B", "must be a string"),
                new FieldError("params.env.A", "must be a string"),
                new FieldError("params.shell", "must be true or false"),
                new FieldError("params.codes[1]", "must be a whole number"),
                new FieldError("params.codes[3]", "must be a whole number"));
        assertThat(errors("{\"command\":\"ls\",\"env\":[]}", Params.class)).containsExactly(
                new FieldError("params.env", "must be an object of strings"));
    }

    @Test
    void aRuleSpeaksOnlyWhenTheTypeFits() throws Exception {
        assertThat(errors("{\"url\":\"http://x\"}", Hook.class)).isEmpty();
        assertThat(errors("{\"url\":\"ftp://x\"}", Hook.class)).extracting(FieldError::message)
                .containsExactly("must start with http");
        assertThat(errors("{\"url\":1}", Hook.class)).extracting(FieldError::message)
                .containsExactly("must be a string");
        assertThat(errors("{\"url\":null}", Hook.class)).extracting(FieldError::message)
                .containsExactly("is required");
    }

    @Test
    void wholeNumbersBeyondAnIntAreNotWholeNumbersOfTheList() throws Exception {
        assertThat(errors("{\"command\":\"ls\",\"codes\":[18446744073709551816]}", Params.class))
                .extracting(FieldError::field).containsExactly("params.codes[0]");
    }

    @Test
    void paramsMustBeAnObject() throws Exception {
        assertThat(errors("[1]", Params.class)).extracting(FieldError::field).containsExactly("params");
        assertThat(records.read(JSON.readTree("[1]"), ObjectNode.class, "params", UNKNOWN).errors())
                .containsExactly(new FieldError("params", "must be a JSON object"));
        assertThat(records.read(JSON.readTree("{\"any\":[1]}"), ObjectNode.class, "params", UNKNOWN).ok()).isTrue();
    }

    @Test
    void aValueOfTheWrongTypeIsToldInTheWordsOfItsField() throws Exception {
        assertThat(errors("{\"name\":\"  \",\"labels\":\"a\",\"level\":1.5}", Labels.class)).containsExactly(
                new FieldError("params.name", "must be a non-empty string"),
                new FieldError("params.labels", "must be a list of at most 2 labels"),
                new FieldError("params.level", "must be a whole number up to 9"));
        assertThat(errors("{\"name\":\"abcd\",\"labels\":[1,\"abcd\"],\"level\":18446744073709551621}",
                Labels.class)).containsExactly(
                        new FieldError("params.name", "too long"),
                        new FieldError("params.labels[0]", "must be a label"),
                        new FieldError("params.labels[1]", "must be a label"),
                        new FieldError("params.level", "must be a whole number up to 9"));
    }

    @Test
    void aListWrongAsAWholeIsToldOnceNotElementByElement() throws Exception {
        assertThat(errors("{\"labels\":[\"a\",\"abcd\",7]}", Labels.class)).containsExactly(
                new FieldError("params.labels", "must be a list of at most 2 labels"));
    }

    @Test
    void nullReadsAsAbsentUnlessTheFieldRefusesItAndJsonKeepsIt() throws Exception {
        Reading<Report> absent = records.read(JSON.readTree("{}"), Report.class, "", null);
        assertThat(absent.value()).isEqualTo(new Report(null, null, null));
        Reading<Report> nulls = records.read(JSON.readTree("{\"result\":null,\"note\":null}"), Report.class, "",
                null);
        assertThat(nulls.ok()).isTrue();
        assertThat(nulls.value().result()).isEqualTo(NullNode.getInstance());
        assertThat(nulls.value().note()).isNull();
        assertThat(records.read(JSON.readTree("{\"retry\":null}"), Report.class, "", null).errors())
                .containsExactly(new FieldError("retry", "must be true or false"));
    }

    @Test
    void unknownFieldsAreIgnoredWhenTheCallerSaysSo() throws Exception {
        Reading<Report> reading = records.read(JSON.readTree("{\"retry\":true,\"workerId\":\"w\"}"), Report.class, "",
                null);
        assertThat(reading.ok()).isTrue();
        assertThat(reading.value().retry()).isTrue();
    }

    @Test
    void aRuleOverTheWholeRecordSpeaksOnlyOnceEveryFieldIsRightInItsOwnWords() throws Exception {
        assertThat(errors("{\"from\":5,\"to\":2}", Range.class)).containsExactly(
                new FieldError("params.to", "must not be below {from} ${from} \\$ \\\\, which is 5"));
        assertThat(errors("{\"from\":5,\"to\":2,\"label\":\"long\"}", Range.class)).extracting(FieldError::field)
                .containsExactly("params.label");
        assertThat(errors("{\"from\":5,\"to\":2,\"extra\":1}", Range.class)).extracting(FieldError::field)
                .containsExactly("params.extra");
    }
}
