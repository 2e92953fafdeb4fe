package org.essaim.space.resource;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.kubernetes.api.model.Condition;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the provisioner last saw of a space: one condition per component plus {@code Ready}, the generation of the
 * spec it worked from, the space's addresses, and while it is being deleted, when its data will be erased.
 *
 * @param observedGeneration the {@code metadata.generation} these conditions describe
 * @param conditions         {@link SpaceConditions#READY} then one per {@link SpaceConditions#COMPONENTS component}
 * @param urls               the space's addresses (absent for services that are off)
 * @param erasesAt           RFC 3339 time after which a deleted space's data is erased; absent unless deleting
 * @param erasure            what was erased, once it was (the Space goes away right after)
 * @param versions           the version of every app the provisioner rendered for {@code observedGeneration}
 * @param lastSuccessfulBackup RFC 3339 time the space's last backup that succeeded finished (k8up's {@code Backup}
 *                           objects in its namespace); absent until one did
 * @param singleSignOn       the SHA-256 of each of the space's OpenID Connect clients' secrets (see
 *                           {@code org.essaim.tenant.SingleSignOn}), from which the control plane registers them;
 *                           absent until the provisioner generated them
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "observedGeneration",
    "conditions",
    "urls",
    "erasesAt",
    "erasure",
    "versions",
    "lastSuccessfulBackup",
    "singleSignOn"
})
public record SpaceStatus(
        Long observedGeneration,
        List<Condition> conditions,
        Urls urls,
        String erasesAt,
        Erasure erasure,
        AppVersions versions,
        String lastSuccessfulBackup,
        List<ClientSecret> singleSignOn) {

    public SpaceStatus(
            Long observedGeneration,
            List<Condition> conditions,
            Urls urls,
            String erasesAt,
            Erasure erasure,
            AppVersions versions,
            String lastSuccessfulBackup) {
        this(observedGeneration, conditions, urls, erasesAt, erasure, versions, lastSuccessfulBackup, null);
    }

    public SpaceStatus(Long observedGeneration, List<Condition> conditions, Urls urls, String erasesAt) {
        this(observedGeneration, conditions, urls, erasesAt, null, null, null);
    }

    public SpaceStatus(
            Long observedGeneration, List<Condition> conditions, Urls urls, String erasesAt, Erasure erasure) {
        this(observedGeneration, conditions, urls, erasesAt, erasure, null, null);
    }

    public SpaceStatus(
            Long observedGeneration,
            List<Condition> conditions,
            Urls urls,
            String erasesAt,
            Erasure erasure,
            AppVersions versions) {
        this(observedGeneration, conditions, urls, erasesAt, erasure, versions, null);
    }

    public SpaceStatus withLastSuccessfulBackup(String lastSuccessfulBackup) {
        return new SpaceStatus(
                observedGeneration, conditions, urls, erasesAt, erasure, versions, lastSuccessfulBackup, singleSignOn);
    }

    public SpaceStatus withSingleSignOn(List<ClientSecret> singleSignOn) {
        return new SpaceStatus(
                observedGeneration, conditions, urls, erasesAt, erasure, versions, lastSuccessfulBackup, singleSignOn);
    }

    public SpaceStatus {
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
        singleSignOn = singleSignOn == null ? null : List.copyOf(singleSignOn);
    }

    public Optional<Condition> condition(String type) {
        return conditions.stream()
                .filter(condition -> type.equals(condition.getType()))
                .findFirst();
    }

    @JsonIgnore
    public boolean isReady() {
        return condition(SpaceConditions.READY)
                .map(c -> SpaceConditions.TRUE.equals(c.getStatus()))
                .orElse(false);
    }

    /**
     * True when the two statuses say the same thing, whatever the conditions' transition times: the provisioner
     * writes a status only when this is false, so a converged space costs no write.
     */
    public boolean sameAs(SpaceStatus other) {
        if (other == null
                || !Objects.equals(observedGeneration, other.observedGeneration)
                || !Objects.equals(urls, other.urls)
                || !Objects.equals(erasesAt, other.erasesAt)
                || !Objects.equals(erasure, other.erasure)
                || !Objects.equals(versions, other.versions)
                || !Objects.equals(lastSuccessfulBackup, other.lastSuccessfulBackup)
                || !Objects.equals(singleSignOn, other.singleSignOn)
                || conditions.size() != other.conditions.size()) {
            return false;
        }
        for (int i = 0; i < conditions.size(); i++) {
            Condition mine = conditions.get(i);
            Condition theirs = other.conditions.get(i);
            if (!Objects.equals(mine.getType(), theirs.getType())
                    || !Objects.equals(mine.getStatus(), theirs.getStatus())
                    || !Objects.equals(mine.getReason(), theirs.getReason())
                    || !Objects.equals(mine.getMessage(), theirs.getMessage())
                    || !Objects.equals(mine.getObservedGeneration(), theirs.getObservedGeneration())) {
                return false;
            }
        }
        return true;
    }

    /**
     * What erasing a deleted space removed, for the control plane's audit log.
     *
     * @param namespace        its namespace, deleted with everything in it (volumes included)
     * @param databases        its databases, dropped with their roles
     * @param directoryEntries how many directory entries its subtree held (people, groups, service account)
     * @param deletedAt        when the space was deleted (RFC 3339)
     * @param erasedAt         when its data was erased (RFC 3339)
     */
    @JsonPropertyOrder({"namespace", "databases", "directoryEntries", "deletedAt", "erasedAt"})
    public record Erasure(
            String namespace, List<String> databases, int directoryEntries, String deletedAt, String erasedAt) {
        public Erasure {
            databases = databases == null ? List.of() : List.copyOf(databases);
        }
    }

    /**
     * One OpenID Connect client's secrets as the provider may check them: the SHA-256 (lower-case hex) of each
     * secret the app may present, the current one first; during a rotation the previous one stays until every
     * replica of the app holds the new one.
     */
    @JsonPropertyOrder({"clientId", "secretSha256"})
    public record ClientSecret(String clientId, List<String> secretSha256) {
        public ClientSecret {
            secretSha256 = secretSha256 == null ? List.of() : List.copyOf(secretSha256);
        }
    }

    /** The space's addresses, as people type them. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"workspace", "events", "forum"})
    public record Urls(String workspace, String events, String forum) {}
}
