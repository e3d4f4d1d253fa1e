package io.queuemgr.executor.command;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.constraints.NotNull;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.queuemgr.executor.AllowedPath;
import io.queuemgr.executor.SecretOrText;
import io.queuemgr.executor.process.ProcessEnvironment;
import io.queuemgr.guard.CommandGuard;
import io.queuemgr.json.AfterFields;
import io.queuemgr.json.Violations;
import io.queuemgr.json.WrongType;

/** The params of a command task: a program and its arguments, or with {@code shell} a line for /bin/sh -c. */
@RegisterForReflection
@CommandParams.AllowedProgram(groups = AfterFields.class)
public record CommandParams(
        @NotNull(message = "is required") String command,
        List<String> args,
        @WrongType(SecretOrText.NOT_A_MAP) @ProcessEnvironment Map<String, @SecretOrText JsonNode> env,
        @AllowedPath String workingDir,
        Boolean shell) {

    /** A program the operator allows (queuemgr.guard.commands); told on {@code command}. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @Constraint(validatedBy = AllowedProgram.Check.class)
    public @interface AllowedProgram {

        String message() default "is not an allowed program";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        /** Asks the command guard, which needs both the command and whether it runs through the shell. */
        @Singleton
        class Check implements ConstraintValidator<AllowedProgram, CommandParams> {

            private final CommandGuard commands;

            public Check(CommandGuard commands) {
                this.commands = commands;
            }

            @Override
            public boolean isValid(CommandParams p, ConstraintValidatorContext context) {
                String problem = p.command() == null
                        ? null
                        : commands.problem(p.command(), Boolean.TRUE.equals(p.shell()));
                return problem == null || Violations.refuse(context, "command", problem);
            }
        }
    }
}
