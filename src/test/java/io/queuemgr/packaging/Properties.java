package io.queuemgr.packaging;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The service's application.properties as written (profile lines included), for checks against deployment files. */
final class Properties {

    private static final Path FILE = Path.of("src/main/resources/application.properties");

    private Properties() {
    }

    /** The value written for this key without a profile, or null. */
    static String get(String key) {
        java.util.Properties properties = new java.util.Properties();
        try (Reader in = Files.newBufferedReader(FILE)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty(key);
    }
}
