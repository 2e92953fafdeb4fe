package org.essaim.usage;

import org.essaim.space.SpaceQuotas;

import java.util.List;

/** Where the bytes each space's workspace holds are read from (one per platform, {@code essaim.usage.source}). */
interface StorageSource {

    /** No source: nothing is measured, storage stays unknown. */
    StorageSource NONE = new StorageSource() {
        @Override
        public String name() {
            return "none";
        }

        @Override
        public Fanout.Outcome<Long> measure(List<SpaceQuotas.Quota> spaces) {
            return Fanout.Outcome.none();
        }
    };

    String name();

    /** Bytes used per slug; a space missing from the values is unknown this time (and listed in the failures). */
    Fanout.Outcome<Long> measure(List<SpaceQuotas.Quota> spaces);
}
