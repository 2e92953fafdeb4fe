package org.essaim.provisioner;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import org.essaim.space.resource.SpaceConditions;
import org.essaim.space.resource.SpaceStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The conditions of one reconciliation, in the fixed order of {@link SpaceConditions}. A condition whose status did
 * not change keeps the transition time it had, so an unchanged space gives an identical status (and no write).
 */
final class ConditionSet {

    private final Long generation;
    private final String now;
    private final SpaceStatus previous;
    private final Map<String, Condition> conditions = new LinkedHashMap<>();

    ConditionSet(Long generation, Instant now, SpaceStatus previous) {
        this.generation = generation;
        this.now = now.toString();
        this.previous = previous;
        for (String type : SpaceConditions.COMPONENTS) {
            conditions.put(type, null);
        }
    }

    void set(String type, String status, String reason, String message) {
        String since = Optional.ofNullable(previous)
                .flatMap(p -> p.condition(type))
                .filter(old -> status.equals(old.getStatus()))
                .map(Condition::getLastTransitionTime)
                .orElse(now);
        conditions.put(
                type,
                new ConditionBuilder()
                        .withType(type)
                        .withStatus(status)
                        .withReason(reason)
                        .withMessage(message)
                        .withObservedGeneration(generation)
                        .withLastTransitionTime(since)
                        .build());
    }

    void ok(String type, String reason, String message) {
        set(type, SpaceConditions.TRUE, reason, message);
    }

    void failed(String type, String reason, String message) {
        set(type, SpaceConditions.FALSE, reason, message);
    }

    void waiting(String type, String message) {
        set(type, SpaceConditions.UNKNOWN, SpaceConditions.Reason.WAITING, message);
    }

    Condition get(String type) {
        return conditions.get(type);
    }

    /**
     * The first component that is not {@code True}, in the order the provisioner works, backups left out: they do
     * not hold back {@code Ready} (see {@link SpaceConditions#BACKUPS}).
     */
    Optional<Condition> firstNotTrue() {
        return SpaceConditions.COMPONENTS.stream()
                .filter(type -> !SpaceConditions.BACKUPS.equals(type))
                .map(conditions::get)
                .filter(c -> c != null && !SpaceConditions.TRUE.equals(c.getStatus()))
                .findFirst();
    }

    /** {@code Ready} first, then every component. */
    List<Condition> withReady(String status, String reason, String message) {
        set(SpaceConditions.READY, status, reason, message);
        List<Condition> ordered = new ArrayList<>();
        ordered.add(conditions.get(SpaceConditions.READY));
        for (String type : SpaceConditions.COMPONENTS) {
            ordered.add(conditions.get(type));
        }
        return ordered;
    }
}
