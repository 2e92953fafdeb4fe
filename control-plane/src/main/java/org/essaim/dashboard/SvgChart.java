package org.essaim.dashboard;

import java.text.NumberFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Draws the dashboard's pictures as inline SVG: columns (plain, stacked, or side by side as a histogram) and a
 * progress bar made of coloured parts. No script, no asset: the page's HTML holds the whole picture. Each picture
 * carries its title and description ({@code role="img"}, {@code aria-labelledby}); each bar and part carries its
 * numbers ({@code data-series}, {@code data-value}) and a {@code <title>} that browsers show on hover. The page shows
 * the same numbers as a table for screen readers; the picture does not replace it.
 */
public final class SvgChart {

    static final int WIDTH = 640;
    static final int COLUMNS_HEIGHT = 300;
    static final int PROGRESS_HEIGHT = 96;
    private static final int LEFT = 56;
    private static final int RIGHT = 8;
    private static final int TOP = 12;
    private static final int PLOT_BOTTOM = 220;
    private static final int LABEL_ROOM = 46;
    private static final String INK = "#1d1b22";
    private static final String MUTED = "#55505e";
    private static final String LINE = "#d8d3df";

    private SvgChart() {}

    /** One kind of thing counted, with its legend label and colour. */
    public record Series(String key, String label, String colour) {

        public Series {
            Objects.requireNonNull(key);
            Objects.requireNonNull(label);
            Objects.requireNonNull(colour);
        }
    }

    /**
     * One column: its short label under the axis, a longer one for hover and screen readers ({@code detail}), and
     * one value per series, in the series' order.
     */
    public record Column(String label, String detail, List<Long> values) {

        public Column {
            values = List.copyOf(values);
        }

        long total() {
            return values.stream().mapToLong(Long::longValue).sum();
        }
    }

    /** The picture's accessible name and description; {@code id} makes the ids of both unique on the page. */
    public record Caption(String id, String title, String description) {}

    /**
     * Columns, one per {@link Column}, each stacking its series' values bottom up; {@code adjacent} draws them
     * touching, as a histogram of consecutive ranges. The scale runs from 0 to a round number at least the tallest
     * column.
     */
    public static String columns(
            Caption caption, List<Series> series, List<Column> columns, boolean adjacent, Locale locale) {
        for (Column column : columns) {
            if (column.values().size() != series.size()) {
                throw new IllegalArgumentException("column " + column.label() + " has "
                        + column.values().size() + " values for " + series.size() + " series");
            }
        }
        NumberFormat numbers = NumberFormat.getIntegerInstance(locale);
        long tallest = columns.stream().mapToLong(Column::total).max().orElse(0);
        long step = Scale.step(tallest);
        long top = Scale.top(tallest, step);
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = PLOT_BOTTOM - TOP;
        Svg svg = new Svg(caption, WIDTH, COLUMNS_HEIGHT);

        svg.open("g", "class", "scale");
        for (long tick = 0; tick <= top; tick += step) {
            double y = PLOT_BOTTOM - plotHeight * tick / top;
            svg.empty("line", "x1", LEFT, "x2", WIDTH - RIGHT, "y1", y, "y2", y, "stroke", LINE);
            svg.text(
                    numbers.format(tick),
                    "x",
                    LEFT - 6,
                    "y",
                    y + 4,
                    "text-anchor",
                    "end",
                    "font-size",
                    12,
                    "fill",
                    MUTED);
        }
        svg.close("g");

        int count = Math.max(1, columns.size());
        double slot = plotWidth / count;
        double barWidth = adjacent ? slot - 1 : slot * 0.7;
        int labelEvery = (int) Math.ceil(count * 48.0 / plotWidth);
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            double x = LEFT + slot * i + (slot - barWidth) / 2;
            svg.open("g", "class", "column", "data-label", column.label(), "data-total", column.total());
            double bottom = PLOT_BOTTOM;
            for (int s = 0; s < series.size(); s++) {
                long value = column.values().get(s);
                if (value == 0) {
                    continue;
                }
                double height = plotHeight * value / top;
                bottom -= height;
                svg.open(
                        "rect",
                        "x",
                        x,
                        "y",
                        bottom,
                        "width",
                        barWidth,
                        "height",
                        height,
                        "fill",
                        series.get(s).colour(),
                        "data-series",
                        series.get(s).key(),
                        "data-value",
                        value);
                svg.text(column.detail() + ": " + series.get(s).label() + " " + numbers.format(value));
                svg.close("rect");
            }
            if (i % labelEvery == 0) {
                svg.text(
                        column.label(),
                        "x",
                        x + barWidth / 2,
                        "y",
                        PLOT_BOTTOM + 18,
                        "text-anchor",
                        "middle",
                        "font-size",
                        12,
                        "fill",
                        INK);
            }
            svg.close("g");
        }
        svg.empty("line", "x1", LEFT, "x2", WIDTH - RIGHT, "y1", PLOT_BOTTOM, "y2", PLOT_BOTTOM, "stroke", MUTED);
        // One series per column, named as the column: the labels under the axis already say it; a legend would
        // only repeat them (and show two legends beside the progress bar above).
        boolean namedByAxis = series.size() == columns.size()
                && IntStream.range(0, series.size())
                        .allMatch(
                                i -> series.get(i).label().equals(columns.get(i).label()));
        if (!namedByAxis) {
            legend(svg, series, PLOT_BOTTOM + LABEL_ROOM + 10);
        }
        return svg.finish();
    }

    /**
     * A horizontal bar of length {@code track} (a target, or a whole) filled from the left by the series' values in
     * order, with {@code label} written under it. Values beyond the track widen the scale rather than overflow.
     */
    public static String progress(
            Caption caption, List<Series> series, List<Long> values, long track, String label, Locale locale) {
        if (values.size() != series.size()) {
            throw new IllegalArgumentException(values.size() + " values for " + series.size() + " series");
        }
        NumberFormat numbers = NumberFormat.getIntegerInstance(locale);
        long sum = values.stream().mapToLong(Long::longValue).sum();
        long scale = Math.max(1, Math.max(track, sum));
        double barWidth = WIDTH - 2 * RIGHT;
        Svg svg = new Svg(caption, WIDTH, PROGRESS_HEIGHT);
        svg.empty(
                "rect",
                "class",
                "track",
                "x",
                RIGHT,
                "y",
                8,
                "width",
                barWidth,
                "height",
                28,
                "fill",
                "#f3f0f6",
                "stroke",
                MUTED,
                "data-value",
                track);
        double x = RIGHT;
        for (int s = 0; s < series.size(); s++) {
            long value = values.get(s);
            if (value == 0) {
                continue;
            }
            double width = barWidth * value / scale;
            svg.open(
                    "rect",
                    "x",
                    x,
                    "y",
                    8,
                    "width",
                    width,
                    "height",
                    28,
                    "fill",
                    series.get(s).colour(),
                    "data-series",
                    series.get(s).key(),
                    "data-value",
                    value);
            svg.text(series.get(s).label() + " " + numbers.format(value));
            svg.close("rect");
            x += width;
        }
        svg.text(label, "x", RIGHT, "y", 56, "font-size", 14, "fill", INK);
        legend(svg, series, 82);
        return svg.finish();
    }

    private static void legend(Svg svg, List<Series> series, double y) {
        svg.open("g", "class", "legend");
        double x = RIGHT;
        for (Series s : series) {
            svg.empty("rect", "x", x, "y", y - 10, "width", 12, "height", 12, "fill", s.colour());
            svg.text(s.label(), "x", x + 16, "y", y, "font-size", 12, "fill", INK);
            x += 28 + 7.2 * s.label().length();
        }
        svg.close("g");
    }

    /**
     * Round steps for a scale starting at 0: 1, 2 or 5 times a power of ten, at most five of them to the top. Every
     * chart of the console uses it, so that no axis reads 0 at both ends or stops at an odd number.
     */
    public static final class Scale {

        private Scale() {}

        public static long step(long tallest) {
            long rough = Math.max(1, (tallest + 4) / 5);
            long power = 1;
            while (power * 10 <= rough) {
                power *= 10;
            }
            for (long factor : new long[] {1, 2, 5, 10}) {
                if (factor * power >= rough) {
                    return factor * power;
                }
            }
            throw new IllegalStateException("unreachable");
        }

        public static long top(long tallest, long step) {
            return Math.max(step, (tallest + step - 1) / step * step);
        }
    }

    /** Writes SVG elements; escapes every text and attribute value, formats numbers without the locale. */
    private static final class Svg {

        private final StringBuilder out = new StringBuilder(4096);

        Svg(Caption caption, int width, int height) {
            String titleId = caption.id() + "-title";
            String descriptionId = caption.id() + "-desc";
            out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" id=\"")
                    .append(escape(caption.id()))
                    .append("\" viewBox=\"0 0 ")
                    .append(width)
                    .append(' ')
                    .append(height)
                    .append(
                            "\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\" font-family=\"system-ui, sans-serif\"")
                    .append(" aria-labelledby=\"")
                    .append(escape(titleId))
                    .append(' ')
                    .append(escape(descriptionId))
                    .append("\">");
            out.append("<title id=\"")
                    .append(escape(titleId))
                    .append("\">")
                    .append(escape(caption.title()))
                    .append("</title>");
            out.append("<desc id=\"")
                    .append(escape(descriptionId))
                    .append("\">")
                    .append(escape(caption.description()))
                    .append("</desc>");
        }

        void open(String element, Object... attributes) {
            out.append('<').append(element);
            attributes(attributes);
            out.append('>');
        }

        void empty(String element, Object... attributes) {
            out.append('<').append(element);
            attributes(attributes);
            out.append("/>");
        }

        void close(String element) {
            out.append("</").append(element).append('>');
        }

        /** A {@code <text>} element at the given attributes, or with none a {@code <title>} of the open element. */
        void text(String text, Object... attributes) {
            String element = attributes.length == 0 ? "title" : "text";
            open(element, attributes);
            out.append(escape(text));
            close(element);
        }

        private void attributes(Object... attributes) {
            for (int i = 0; i < attributes.length; i += 2) {
                out.append(' ')
                        .append(attributes[i])
                        .append("=\"")
                        .append(value(attributes[i + 1]))
                        .append('"');
            }
        }

        private static String value(Object value) {
            if (value instanceof Double number) {
                return String.format(Locale.ROOT, "%.2f", number).replaceAll("\\.?0+$", "");
            }
            return escape(String.valueOf(value));
        }

        String finish() {
            out.append("</svg>");
            return out.toString();
        }

        static String escape(String text) {
            StringBuilder escaped = new StringBuilder(text.length());
            for (char c : text.toCharArray()) {
                switch (c) {
                    case '&' -> escaped.append("&amp;");
                    case '<' -> escaped.append("&lt;");
                    case '>' -> escaped.append("&gt;");
                    case '"' -> escaped.append("&quot;");
                    case '\'' -> escaped.append("&#39;");
                    default -> escaped.append(c);
                }
            }
            return escaped.toString();
        }
    }
}
