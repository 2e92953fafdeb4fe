package org.essaim.dashboard;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.parsers.DocumentBuilderFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SvgChartTest {

    private static final List<SvgChart.Series> TWO =
            List.of(new SvgChart.Series("yes", "Yes", "#1e6b2e"), new SvgChart.Series("no", "No", "#a4161a"));
    private static final SvgChart.Caption CAPTION = new SvgChart.Caption("votes", "Votes", "Votes per day");

    @Test
    void oneLegendOnlyWhenTheAxisDoesNotAlreadyNameTheSeries() {
        String stacked = SvgChart.columns(
                CAPTION,
                TWO,
                List.of(
                        new SvgChart.Column("Mon", "Monday", List.of(3L, 1L)),
                        new SvgChart.Column("Tue", "Tuesday", List.of(1L, 0L))),
                false,
                Locale.ENGLISH);
        assertThat(stacked).contains("class=\"legend\"");
        String oneEach = SvgChart.columns(
                CAPTION,
                TWO,
                List.of(
                        new SvgChart.Column("Yes", "Yes", List.of(3L, 0L)),
                        new SvgChart.Column("No", "No", List.of(0L, 1L))),
                false,
                Locale.ENGLISH);
        assertThat(oneEach).doesNotContain("class=\"legend\"");
    }

    @Test
    void stackedColumnsCarryTheirNumbersAndHeightsProportionalToThem() throws Exception {
        String svg = SvgChart.columns(
                CAPTION,
                TWO,
                List.of(
                        new SvgChart.Column("Mon", "Monday", List.of(3L, 1L)),
                        new SvgChart.Column("Tue", "Tuesday", List.of(0L, 0L)),
                        new SvgChart.Column("Wed", "Wednesday", List.of(8L, 2L))),
                false,
                Locale.ENGLISH);

        Document picture = parse(svg);
        List<Element> bars = elements(picture, "rect").stream()
                .filter(e -> e.hasAttribute("data-series"))
                .toList();
        assertThat(bars)
                .extracting(e -> e.getAttribute("data-series") + "=" + e.getAttribute("data-value"))
                .containsExactly("yes=3", "no=1", "yes=8", "no=2");
        // Tallest column 10: steps of 2 up to 10; a value's height is its share of that.
        double perUnit = height(bars.get(2)) / 8;
        assertThat(height(bars.get(0))).isCloseTo(3 * perUnit, within(0.02));
        assertThat(height(bars.get(3))).isCloseTo(2 * perUnit, within(0.02));
        assertThat(height(bars.get(2)) + height(bars.get(3))).isCloseTo(208, within(0.02));
        // The second part stacks on top of the first.
        assertThat(y(bars.get(0)) - height(bars.get(1))).isCloseTo(y(bars.get(1)), within(0.02));
        assertThat(elements(picture, "g").stream()
                        .filter(g -> "column".equals(g.getAttribute("class")))
                        .map(g -> g.getAttribute("data-label") + ":" + g.getAttribute("data-total")))
                .containsExactly("Mon:4", "Tue:0", "Wed:10");
        assertThat(svg)
                .contains("<title>Monday: Yes 3</title>")
                .contains(">Mon</text>")
                .contains("<title>Wednesday: No 2</title>", ">Yes</text>")
                .doesNotContain("<script");
        assertThat(scaleLabels(picture)).containsExactly("0", "2", "4", "6", "8", "10");
    }

    @Test
    void thePictureIsNamedAndDescribedForScreenReaders() throws Exception {
        Document picture = parse(SvgChart.columns(CAPTION, TWO, List.of(), true, Locale.ENGLISH));
        Element root = picture.getDocumentElement();
        assertThat(root.getAttribute("role")).isEqualTo("img");
        assertThat(root.getAttribute("aria-labelledby")).isEqualTo("votes-title votes-desc");
        assertThat(elements(picture, "title").getFirst().getAttribute("id")).isEqualTo("votes-title");
        assertThat(elements(picture, "title").getFirst().getTextContent()).isEqualTo("Votes");
        assertThat(elements(picture, "desc").getFirst().getTextContent()).isEqualTo("Votes per day");
        // Nothing counted: a scale from 0 to 1, no bar.
        assertThat(scaleLabels(picture)).containsExactly("0", "1");
    }

    @Test
    void textIsEscapedAndNumbersFollowTheReadersLanguage() throws Exception {
        String svg = SvgChart.columns(
                new SvgChart.Caption("x", "<b>\"Q&A\"</b>", "l'été"),
                TWO,
                List.of(new SvgChart.Column("<i>", "<script>alert(1)</script>", List.of(12_500L, 0L))),
                true,
                Locale.FRENCH);
        Document picture = parse(svg);
        assertThat(svg).doesNotContain("<script>").doesNotContain("<b>").doesNotContain("<i>");
        assertThat(elements(picture, "title").getFirst().getTextContent()).isEqualTo("<b>\"Q&A\"</b>");
        assertThat(svg).contains("<title>&lt;script&gt;alert(1)&lt;/script&gt;: Yes 12\u202F500</title>");
        assertThat(scaleLabels(picture)).contains("15\u202F000");
    }

    @Test
    void aHistogramsColumnsTouch() throws Exception {
        List<SvgChart.Column> columns = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            columns.add(new SvgChart.Column("b" + i, "bucket " + i, List.of(1L, 0L)));
        }
        List<Element> bars =
                elements(parse(SvgChart.columns(CAPTION, TWO, columns, true, Locale.ENGLISH)), "rect").stream()
                        .filter(e -> e.hasAttribute("data-series"))
                        .toList();
        for (int i = 1; i < bars.size(); i++) {
            double previousEnd = Double.parseDouble(bars.get(i - 1).getAttribute("x")) + width(bars.get(i - 1));
            assertThat(Double.parseDouble(bars.get(i).getAttribute("x")) - previousEnd)
                    .isCloseTo(1, within(0.02));
        }
    }

    @Test
    void progressFillsItsTrackInProportionAndWidensForMoreThanTheTarget() throws Exception {
        Document picture = parse(
                SvgChart.progress(CAPTION, TWO, List.of(2_500L, 500L), 10_000, "3,000 of 10,000", Locale.ENGLISH));
        List<Element> rects = elements(picture, "rect");
        Element track = rects.stream()
                .filter(e -> "track".equals(e.getAttribute("class")))
                .findFirst()
                .orElseThrow();
        List<Element> parts =
                rects.stream().filter(e -> e.hasAttribute("data-series")).toList();
        assertThat(track.getAttribute("data-value")).isEqualTo("10000");
        assertThat(width(parts.get(0)) / width(track)).isCloseTo(0.25, within(0.001));
        assertThat(width(parts.get(1)) / width(track)).isCloseTo(0.05, within(0.001));
        assertThat(Double.parseDouble(parts.get(1).getAttribute("x")))
                .isCloseTo(Double.parseDouble(parts.get(0).getAttribute("x")) + width(parts.get(0)), within(0.02));
        assertThat(picture.getDocumentElement().getTextContent()).contains("3,000 of 10,000");

        List<Element> over = elements(
                        parse(SvgChart.progress(CAPTION, TWO, List.of(15L, 5L), 10, "20 of 10", Locale.ENGLISH)),
                        "rect")
                .stream()
                .filter(e -> e.hasAttribute("data-series"))
                .toList();
        assertThat((width(over.get(0)) + width(over.get(1)))).isCloseTo(624, within(0.02));
    }

    @Test
    void valuesMustMatchTheSeries() {
        assertThatThrownBy(() -> SvgChart.columns(
                        CAPTION, TWO, List.of(new SvgChart.Column("a", "a", List.of(1L))), false, Locale.ENGLISH))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SvgChart.progress(CAPTION, TWO, List.of(1L), 1, "", Locale.ENGLISH))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void scaleStepsAreRound() {
        assertThat(SvgChart.Scale.step(0)).isEqualTo(1);
        assertThat(SvgChart.Scale.step(4)).isEqualTo(1);
        assertThat(SvgChart.Scale.step(7)).isEqualTo(2);
        assertThat(SvgChart.Scale.step(10)).isEqualTo(2);
        assertThat(SvgChart.Scale.step(2_100)).isEqualTo(500);
        assertThat(SvgChart.Scale.step(37)).isEqualTo(10);
        assertThat(SvgChart.Scale.step(9_999)).isEqualTo(2_000);
        assertThat(SvgChart.Scale.top(37, 10)).isEqualTo(40);
        assertThat(SvgChart.Scale.top(40, 10)).isEqualTo(40);
        assertThat(SvgChart.Scale.top(0, 1)).isEqualTo(1);
    }

    private static List<String> scaleLabels(Document picture) {
        return elements(picture, "g").stream()
                .filter(g -> "scale".equals(g.getAttribute("class")))
                .flatMap(g -> children(g, "text").stream())
                .map(Element::getTextContent)
                .toList();
    }

    private static double height(Element rect) {
        return Double.parseDouble(rect.getAttribute("height"));
    }

    private static double width(Element rect) {
        return Double.parseDouble(rect.getAttribute("width"));
    }

    private static double y(Element rect) {
        return Double.parseDouble(rect.getAttribute("y"));
    }

    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    static List<Element> elements(Document document, String name) {
        NodeList nodes = document.getElementsByTagNameNS("*", name);
        List<Element> found = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            found.add((Element) nodes.item(i));
        }
        return found;
    }

    private static List<Element> children(Element parent, String name) {
        NodeList nodes = parent.getElementsByTagNameNS("*", name);
        List<Element> found = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            found.add((Element) nodes.item(i));
        }
        return found;
    }
}
