package io.queuemgr.testing;

import java.util.HashMap;
import java.util.Map;

import jakarta.validation.Configuration;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorFactory;
import jakarta.validation.Validation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.queuemgr.json.JsonRecords;
import io.queuemgr.json.StrictJson;

/**
 * {@link JsonRecords} without Quarkus, for unit tests: the validators that need parts of the service (a guard, the
 * executors) are given made; the others are made by Hibernate Validator as usual.
 */
public final class PlainRecords {

    /** A mapper like the service's: its modules (Java time among them), one JSON value per document. */
    public static final ObjectMapper MAPPER = JsonMapper.builder().findAndAddModules().build();

    static {
        new StrictJson().customize(MAPPER);
    }

    private PlainRecords() {
    }

    public static JsonRecords with(ConstraintValidator<?, ?>... validators) {
        Map<Class<?>, ConstraintValidator<?, ?>> given = new HashMap<>();
        for (ConstraintValidator<?, ?> v : validators) {
            given.put(v.getClass(), v);
        }
        Configuration<?> config = Validation.byDefaultProvider().configure();
        ConstraintValidatorFactory usual = config.getDefaultConstraintValidatorFactory();
        ConstraintValidatorFactory factory = new ConstraintValidatorFactory() {
            @Override
            public <T extends ConstraintValidator<?, ?>> T getInstance(Class<T> key) {
                return given.containsKey(key) ? key.cast(given.get(key)) : usual.getInstance(key);
            }

            @Override
            public void releaseInstance(ConstraintValidator<?, ?> instance) {
                // Given validators live as long as the test.
            }
        };
        return new JsonRecords(MAPPER,
                config.constraintValidatorFactory(factory).buildValidatorFactory());
    }
}
