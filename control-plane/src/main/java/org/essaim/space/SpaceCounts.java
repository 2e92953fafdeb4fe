package org.essaim.space;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

import static org.essaim.db.Tables.SPACE;

/** How many spaces stand in each state, for the staff dashboard: one grouped count over the state index. */
@Service
public class SpaceCounts {

    private final DSLContext db;

    SpaceCounts(DSLContext db) {
        this.db = db;
    }

    /** Every state, with 0 for those no space is in. */
    public Map<SpaceState, Long> byState() {
        Map<SpaceState, Long> counts = new EnumMap<>(SpaceState.class);
        for (SpaceState state : SpaceState.values()) {
            counts.put(state, 0L);
        }
        db.select(SPACE.STATE, DSL.count())
                .from(SPACE)
                .groupBy(SPACE.STATE)
                .forEach(r -> counts.put(r.value1(), (long) r.value2()));
        return Collections.unmodifiableMap(counts);
    }
}
