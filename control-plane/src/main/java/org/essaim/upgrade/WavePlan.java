package org.essaim.upgrade;

import java.util.ArrayList;
import java.util.List;

/**
 * How a fleet is cut into waves: a canary first, then each wave {@code growth} times the one before, the last one
 * taking what is left. Every space lands in exactly one wave, in the order given.
 */
record WavePlan(int canary, int growth) {

    WavePlan {
        if (canary < 1) {
            throw new IllegalArgumentException("The canary must hold at least one space, not " + canary);
        }
        if (growth < 1) {
            throw new IllegalArgumentException("Waves cannot shrink: growth must be at least 1, not " + growth);
        }
    }

    /**
     * The canary for a fleet of {@code fleetSize}: {@code "10"} means 10 spaces, {@code "1%"} one percent of the fleet
     * (rounded up, at least one).
     */
    static int canarySize(String canary, int fleetSize) {
        String text = canary == null ? "" : canary.strip();
        try {
            if (text.endsWith("%")) {
                double percent =
                        Double.parseDouble(text.substring(0, text.length() - 1).strip());
                if (percent <= 0 || percent > 100) {
                    throw new IllegalArgumentException("A canary percentage is above 0 and at most 100, not " + text);
                }
                return Math.max(1, (int) Math.ceil(fleetSize * percent / 100));
            }
            int spaces = Integer.parseInt(text);
            if (spaces < 1) {
                throw new IllegalArgumentException("A canary holds at least one space, not " + text);
            }
            return spaces;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "A canary is a number of spaces (10) or a percentage (1%), not '" + text + "'", e);
        }
    }

    /** The size of each wave for a fleet of {@code total} spaces; empty for none. */
    List<Integer> sizes(int total) {
        List<Integer> sizes = new ArrayList<>();
        long next = canary;
        int planned = 0;
        while (planned < total) {
            int size = (int) Math.min(next, total - planned);
            sizes.add(size);
            planned += size;
            next = Math.min(next * growth, Integer.MAX_VALUE);
        }
        return sizes;
    }

    /** The spaces of each wave, in the order given. */
    <T> List<List<T>> split(List<T> spaces) {
        List<List<T>> waves = new ArrayList<>();
        int from = 0;
        for (int size : sizes(spaces.size())) {
            waves.add(List.copyOf(spaces.subList(from, from + size)));
            from += size;
        }
        return waves;
    }
}
