package io.queuemgr.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/** A built fast-jar to install, and a root directory to install it into, both under a test's temporary folder. */
record Installation(Path app, Path cliJar, Path root) {

    static Installation in(Path tmp) throws IOException {
        Path app = tmp.resolve("quarkus-app");
        Files.createDirectories(app.resolve("lib/main"));
        Files.writeString(app.resolve("quarkus-run.jar"), "the runner jar");
        Files.writeString(app.resolve("lib/main/dependency.jar"), "a dependency");
        Path cliJar = Files.writeString(tmp.resolve("queuemgr-cli.jar"), "the CLI jar");
        Path root = Files.createDirectories(tmp.resolve("root"));
        return new Installation(app, cliJar, root);
    }

    Script install(String... more) throws IOException, InterruptedException {
        String[] args = new String[more.length + 6];
        args[0] = "--root";
        args[1] = root.toString();
        args[2] = "--app";
        args[3] = app.toString();
        args[4] = "--cli-jar";
        args[5] = cliJar.toString();
        System.arraycopy(more, 0, args, 6, more.length);
        return Script.run("install.sh", args);
    }

    /**
     * install.sh --with-local-stack, with stand-ins for the Kafka jars and the PostgreSQL binaries, so that no
     * Maven run or download is needed.
     */
    Script installWithLocalStack() throws IOException, InterruptedException {
        Path stack = Files.createDirectories(app.resolveSibling("stack-build"));
        Path jar = Files.writeString(stack.resolve("kafka-server.jar"), "kafka");
        Path classpath = Files.writeString(stack.resolve("kafka.classpath"), jar.toString());
        Path postgres = Files.createDirectories(stack.resolve("pgsql/bin")).resolve("postgres");
        Files.writeString(postgres, "#!/bin/sh\n");
        Files.setPosixFilePermissions(postgres, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> env = Map.of("QUEUEMGR_STACK_CLASSPATH", classpath.toString(), "QUEUEMGR_STACK_PGSQL",
                stack.resolve("pgsql").toString());
        return Script.run(env, "install.sh", "--root", root.toString(), "--app", app.toString(), "--with-local-stack");
    }

    Script uninstall(String... more) throws IOException, InterruptedException {
        String[] args = new String[more.length + 2];
        args[0] = "--root";
        args[1] = root.toString();
        System.arraycopy(more, 0, args, 2, more.length);
        return Script.run("uninstall.sh", args);
    }

    /** A path of the installed system, given as on the real one ("/etc/queuemgr/queuemgr.env"). */
    Path path(String absolute) {
        return root.resolve(absolute.substring(1));
    }

    String mode(String absolute) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path(absolute)));
    }
}
