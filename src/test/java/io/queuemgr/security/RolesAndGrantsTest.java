package io.queuemgr.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class RolesAndGrantsTest {

    @Test
    void rolesNestFromAdminDownToViewerAndWorkerStandsApart() {
        assertThat(Roles.expand(List.of(Roles.ADMIN))).containsExactlyInAnyOrderElementsOf(Roles.ALL);
        assertThat(Roles.expand(List.of(Roles.OPERATOR))).containsExactlyInAnyOrder(Roles.OPERATOR,
                Roles.SUBMITTER, Roles.VIEWER);
        assertThat(Roles.expand(List.of(Roles.SUBMITTER))).containsExactlyInAnyOrder(Roles.SUBMITTER, Roles.VIEWER);
        assertThat(Roles.expand(List.of(Roles.WORKER))).containsExactly(Roles.WORKER);
        assertThat(Roles.expand(List.of("team-a"))).containsExactly("team-a");
    }

    @Test
    void grantsMatchExactNamesPrefixWildcardsAndEverything() {
        TypeGrants grants = new TypeGrants(List.of("command", "ssh.*"));
        assertThat(grants.allows("command")).isTrue();
        assertThat(grants.allows("ssh.exec")).isTrue();
        assertThat(grants.allows("ssh.scp.upload")).isTrue();
        assertThat(grants.allows("ssh")).isFalse();
        assertThat(grants.allows("sshx.exec")).isFalse();
        assertThat(grants.allows("script")).isFalse();
        assertThat(new TypeGrants(List.of("*")).allows("docker.run")).isTrue();
        assertThat(TypeGrants.NONE.allows("command")).isFalse();
    }

    @Test
    void aSubmitterControlsItsOwnTasksAnOperatorEveryTask() {
        Caller alice = new Caller("alice", Roles.expand(List.of(Roles.SUBMITTER)), TypeGrants.NONE);
        Caller viewer = new Caller("alice", Set.of(Roles.VIEWER), TypeGrants.NONE);
        Caller operator = new Caller("ops", Roles.expand(List.of(Roles.OPERATOR)), TypeGrants.NONE);
        assertThat(alice.mayControl("alice")).isTrue();
        assertThat(alice.mayControl("bob")).isFalse();
        assertThat(alice.mayControl(null)).isFalse();
        assertThat(viewer.mayControl("alice")).isFalse();
        assertThat(operator.mayControl("bob")).isTrue();
    }

    @Test
    void presetTokensMustLookLikeTokens() {
        assertThat(TokenSecrets.presetProblem("secret")).contains("qm_");
        assertThat(TokenSecrets.presetProblem("qm_short")).contains("at least");
        assertThat(TokenSecrets.presetProblem("qm_" + "a".repeat(30) + " b")).contains("printable");
        assertThat(TokenSecrets.presetProblem(TokenSecrets.newToken())).isNull();
        assertThat(TokenSecrets.hash("qm_x")).hasSize(64).isNotEqualTo(TokenSecrets.hash("qm_y"));
    }
}
