package io.ringlb.analysis.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringlb.analysis.charts.ChartFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;

/** Checks a written report: every chart decodes at its size, and report.md and report.html show every one. */
public final class ReportFiles {

    private ReportFiles() {
    }

    /** The chart ids under {@code dir/charts}, sorted. */
    public static List<String> chartIds(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("charts"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".png"))
                    .map(n -> n.substring(0, n.length() - 4)).sorted().toList();
        }
    }

    /** Asserts the report in {@code dir} holds exactly {@code expectedIds}, each complete and linked. */
    public static void assertComplete(Path dir, List<String> expectedIds) throws Exception {
        assertThat(chartIds(dir)).containsExactlyInAnyOrderElementsOf(expectedIds);
        String md = Files.readString(dir.resolve("report.md"));
        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html.split("<svg ", -1)).hasSize(expectedIds.size() + 1);
        assertThat(html).doesNotContain("<?xml").doesNotContain("src=\"charts/");
        for (String id : expectedIds) {
            int width = id.equals("a4-load-per-replica") ? ChartFiles.WIDTH * 3 / 2 : ChartFiles.WIDTH;
            BufferedImage png = ImageIO.read(dir.resolve("charts").resolve(id + ".png").toFile());
            assertThat(png).as(id + ".png decodes").isNotNull();
            assertThat(png.getWidth()).as(id + ".png width").isEqualTo(width);
            assertThat(png.getHeight()).as(id + ".png height").isEqualTo(ChartFiles.HEIGHT);
            Element svg = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(dir.resolve("charts").resolve(id + ".svg").toFile()).getDocumentElement();
            assertThat(svg.getTagName()).isEqualTo("svg");
            assertThat(Double.parseDouble(svg.getAttribute("width"))).as(id + ".svg width").isEqualTo(width);
            assertThat(Double.parseDouble(svg.getAttribute("height"))).as(id + ".svg height").isEqualTo(ChartFiles.HEIGHT);
            assertThat(md).contains("](charts/" + id + ".png)", "](charts/" + id + ".svg)");
            assertThat(html).contains("<figure id=\"" + id + "\">");
        }
    }
}
