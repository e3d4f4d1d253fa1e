package io.queuemgr.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** install.sh --with-local-stack and uninstall.sh: Kafka and PostgreSQL as units of their own, below a temporary root. */
class LocalStackInstallTest {

    @TempDir
    Path tmp;

    @Test
    void withLocalStackInstallsKafkaAndPostgresUnitsThatTheServiceWantsAndFollows() throws Exception {
        Installation it = Installation.in(tmp);

        Script install = it.installWithLocalStack();

        assertThat(install.exitCode()).as(install.stderr()).isZero();
        assertThat(it.path("/opt/queuemgr/stack/kafka/lib/kafka-server.jar")).hasContent("kafka");
        assertThat(it.path("/opt/queuemgr/stack/pgsql/bin/postgres")).isExecutable();
        assertThat(it.path("/opt/queuemgr/stack/conf/log4j2-broker.properties")).exists();
        assertThat(it.mode("/opt/queuemgr/bin/queuemgr-stack")).isEqualTo("rwxr-xr-x");
        assertThat(Files.readString(it.path("/etc/systemd/system/queuemgr-kafka.service")))
                .contains("ExecStart=/opt/queuemgr/bin/queuemgr-stack kafka", "Before=queuemgr.service");
        assertThat(Files.readString(it.path("/etc/systemd/system/queuemgr-postgres.service")))
                .contains("ExecStart=/opt/queuemgr/bin/queuemgr-stack postgres", "User=queuemgr");
        assertThat(Files.readString(it.path("/etc/systemd/system/queuemgr.service.d/local-stack.conf"))).contains(
                "Wants=queuemgr-kafka.service queuemgr-postgres.service",
                "After=queuemgr-kafka.service queuemgr-postgres.service");
        // The env file's addresses are the local servers' (127.0.0.1:9092 and :5432).
        assertThat(Files.readString(it.path("/etc/queuemgr/queuemgr.env")))
                .contains("KAFKA_BOOTSTRAP_SERVERS=localhost:9092", "PG_PORT=5432");
    }

    @Test
    void uninstallRemovesTheLocalStackUnitsAndPurgeItsData() throws Exception {
        Installation it = Installation.in(tmp);
        assertThat(it.installWithLocalStack().exitCode()).isZero();
        Files.createDirectories(it.path("/var/lib/queuemgr-stack/kafka/data"));

        Script uninstall = it.uninstall();

        assertThat(uninstall.exitCode()).as(uninstall.stderr()).isZero();
        assertThat(it.path("/etc/systemd/system/queuemgr-kafka.service")).doesNotExist();
        assertThat(it.path("/etc/systemd/system/queuemgr-postgres.service")).doesNotExist();
        assertThat(it.path("/etc/systemd/system/queuemgr.service.d")).doesNotExist();
        assertThat(it.path("/var/lib/queuemgr-stack/kafka/data")).isDirectory();

        assertThat(it.uninstall("--purge").exitCode()).isZero();
        assertThat(it.path("/var/lib/queuemgr-stack")).doesNotExist();
    }
}
