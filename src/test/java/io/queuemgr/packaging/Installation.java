package io.queuemgr.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

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
