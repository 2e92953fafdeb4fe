package org.essaim.usage;

import org.essaim.dashboard.SvgChart;

import java.util.ArrayList;
import java.util.List;

/**
 * Spaces by share of their storage quota used, in tenths (0–9 %, 10–19 %, …, 90–99 %, then 100 % and over), laid
 * out for an inline SVG bar chart drawn on the server ({@code staff/fragments/storage-use.html}). The geometry is
 * worked out here so that the template only places what it is given.
 *
 * @param bars    one per tenth, in order
 * @param known   spaces with a storage figure
 * @param unknown live spaces never measured yet (no source, or not running)
 */
public record StorageHistogram(List<Bar> bars, int known, int unknown, int maxCount) {

    static final int BUCKETS = 11;
    public static final int WIDTH = 480;
    public static final int HEIGHT = 210;
    static final int LEFT = 36;
    static final int BASELINE = 170;
    static final int PLOT_HEIGHT = 140;
    static final int SLOT = 40;
    static final int BAR_WIDTH = 30;

    /**
     * @param fromPercent the tenth's lower bound; the last bar holds everything from 100 %
     * @param level       {@code ok} below 80 %, {@code near} from 80 %, {@code over} from 100 %
     */
    public record Bar(
            int fromPercent, int count, String level, String fill, int x, int y, int width, int height, int labelX) {

        public boolean last() {
            return fromPercent >= 100;
        }

        public int toPercent() {
            return fromPercent + 9;
        }
    }

    /** @param counts spaces per tenth (index 10: 100 % and over); {@code live} all live spaces, measured or not */
    static StorageHistogram of(int[] counts, int live) {
        int max = 0;
        int known = 0;
        for (int count : counts) {
            max = Math.max(max, count);
            known += count;
        }
        // The axis runs to a round number, as every chart's does (SvgChart.Scale): never 0 at both ends.
        long top = SvgChart.Scale.top(max, SvgChart.Scale.step(max));
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < BUCKETS; i++) {
            int from = i * 10;
            int height = (int) Math.round(counts[i] * (double) PLOT_HEIGHT / top);
            if (counts[i] > 0 && height == 0) {
                height = 1;
            }
            String level = from >= 100 ? "over" : from >= 80 ? "near" : "ok";
            String fill = switch (level) {
                case "over" -> "#b3261e";
                case "near" -> "#b35c00";
                default -> "#2f6690";
            };
            int x = LEFT + i * SLOT + (SLOT - BAR_WIDTH) / 2;
            bars.add(new Bar(
                    from, counts[i], level, fill, x, BASELINE - height, BAR_WIDTH, height, LEFT + i * SLOT + SLOT / 2));
        }
        return new StorageHistogram(List.copyOf(bars), known, Math.max(0, live - known), max);
    }

    /** One line of the scale: its value and where it is drawn. */
    public record Tick(long value, int y) {}

    /** The scale's lines, from 0 up to a round number at least the tallest bar, in round steps. */
    public List<Tick> ticks() {
        long step = SvgChart.Scale.step(maxCount);
        long top = SvgChart.Scale.top(maxCount, step);
        List<Tick> ticks = new ArrayList<>();
        for (long value = 0; value <= top; value += step) {
            ticks.add(new Tick(value, (int) Math.round(BASELINE - PLOT_HEIGHT * (double) value / top)));
        }
        return ticks;
    }

    public int width() {
        return WIDTH;
    }

    public int height() {
        return HEIGHT;
    }

    public int baseline() {
        return BASELINE;
    }

    public int plotRight() {
        return LEFT + BUCKETS * SLOT;
    }

    public int plotTop() {
        return BASELINE - PLOT_HEIGHT;
    }

    public int left() {
        return LEFT;
    }
}
