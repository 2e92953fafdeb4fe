package org.essaim.space;

import io.fabric8.kubernetes.client.utils.Serialization;
import org.essaim.db.tables.records.SpaceRecord;
import org.essaim.space.resource.AppVersions;
import org.essaim.space.resource.SpaceConditions;
import org.essaim.space.resource.SpaceSpec;
import org.essaim.space.resource.SpaceStatus;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.essaim.db.Tables.SPACE;

/**
 * The spaces as a fleet, for work that moves many at once (upgrade waves): what each should run and what
 * provisioning last reported, read in bulk.
 */
@Service
public class SpaceFleet {

    private static final int CHUNK = 1000;

    private final DSLContext db;

    SpaceFleet(DSLContext db) {
        this.db = db;
    }

    /**
     * One space as the fleet sees it.
     *
     * @param spec      what its {@code Space} resource says (versions included)
     * @param suspended suspended by staff: nothing runs
     * @param deleted   deleted (kept for the grace period, or erased)
     */
    public record Member(String slug, SpaceSpec spec, boolean suspended, boolean deleted) {}

    /** Every space that runs or may run again (not deleted), oldest first. */
    public List<Member> upgradable() {
        return db.selectFrom(SPACE)
                .where(SPACE.DELETED_AT.isNull())
                .and(SPACE.ERASED_AT.isNull())
                .orderBy(SPACE.ID)
                .fetch(SpaceFleet::member);
    }

    /** The spaces named, deleted ones included; unknown slugs are left out. */
    public Map<String, Member> find(Collection<String> slugs) {
        Map<String, Member> found = new HashMap<>();
        for (List<String> chunk : chunks(slugs)) {
            db.selectFrom(SPACE).where(SPACE.SLUG.in(chunk)).forEach(r -> found.put(r.getSlug(), member(r)));
        }
        return found;
    }

    /** The last status provisioning reported for each space named that has one. */
    public Map<String, SpaceStatus> statuses(Collection<String> slugs) {
        Map<String, SpaceStatus> statuses = new HashMap<>();
        for (List<String> chunk : chunks(slugs)) {
            db.select(SPACE.SLUG, SPACE.PROVISIONING_STATUS)
                    .from(SPACE)
                    .where(SPACE.SLUG.in(chunk))
                    .and(SPACE.PROVISIONING_STATUS.isNotNull())
                    .forEach(r -> statuses.put(r.value1(), Serialization.unmarshal(r.value2(), SpaceStatus.class)));
        }
        return statuses;
    }

    /**
     * The spaces named whose last status says Ready and reports exactly {@code versions} (all four set): what an
     * upgrade wave waits for. Decided in the database (one query per thousand spaces) rather than by reading each
     * status, since a wave can hold thousands of spaces.
     */
    public Set<String> readyOn(Collection<String> slugs, AppVersions versions) {
        String wanted = Serialization.asJson(versions);
        Field<JSONB> status = DSL.field("cast({0} as jsonb)", JSONB.class, SPACE.PROVISIONING_STATUS);
        Condition ready = DSL.condition("{0} -> 'versions' = cast({1} as jsonb)", status, DSL.val(wanted))
                .and(DSL.condition(
                        "exists (select 1 from jsonb_array_elements({0} -> 'conditions') c "
                                + "where c ->> 'type' = {1} and c ->> 'status' = {2})",
                        status, DSL.val(SpaceConditions.READY), DSL.val(SpaceConditions.TRUE)));
        Set<String> found = new HashSet<>();
        for (List<String> chunk : chunks(slugs)) {
            found.addAll(db.select(SPACE.SLUG)
                    .from(SPACE)
                    .where(SPACE.SLUG.in(chunk))
                    .and(SPACE.PROVISIONING_STATUS.isNotNull())
                    .and(ready)
                    .fetch(SPACE.SLUG));
        }
        return found;
    }

    private static Member member(SpaceRecord r) {
        return new Member(
                r.getSlug(),
                SpaceLifecycle.spec(r),
                r.getSuspended(),
                r.getDeletedAt() != null || r.getErasedAt() != null);
    }

    private static List<List<String>> chunks(Collection<String> slugs) {
        List<String> all = new ArrayList<>(slugs);
        List<List<String>> chunks = new ArrayList<>();
        for (int i = 0; i < all.size(); i += CHUNK) {
            chunks.add(all.subList(i, Math.min(all.size(), i + CHUNK)));
        }
        return chunks;
    }
}
