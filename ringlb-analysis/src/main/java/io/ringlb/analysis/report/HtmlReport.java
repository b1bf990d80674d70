package io.ringlb.analysis.report;

import io.ringlb.analysis.charts.ChartFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Renders the report as one self-contained HTML page: styles inline, every chart's SVG embedded in it. */
final class HtmlReport {

    private static final String STYLE = """
            body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 1100px; margin: 2rem auto;
                   padding: 0 1rem; color: #222; line-height: 1.45; }
            h1 { border-bottom: 2px solid #0072B2; padding-bottom: .3rem; }
            h2 { margin-top: 2.5rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; }
            figure { margin: 1.5rem 0; }
            figure svg { max-width: 100%; height: auto; border: 1px solid #eee; }
            figcaption { margin: .4rem 0 .8rem; }
            table { border-collapse: collapse; margin: .5rem 0 1.5rem; font-size: .9rem; }
            th, td { border: 1px solid #ddd; padding: .25rem .6rem; text-align: left; vertical-align: top; }
            th { background: #f3f6f9; }
            pre { background: #f7f7f7; padding: .8rem; overflow-x: auto; font-size: .85rem; }
            nav a { margin-right: .8rem; }
            """;

    private HtmlReport() {
    }

    static String render(String title, List<String> summary, List<ReportSection> sections) throws IOException {
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(esc(title)).append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n<h1>")
                .append(esc(title)).append("</h1>\n<ul>\n");
        summary.forEach(line -> h.append("<li>").append(esc(line)).append("</li>\n"));
        h.append("</ul>\n<nav>");
        sections.forEach(s -> h.append("<a href=\"#").append(s.id()).append("\">").append(esc(s.title())).append("</a>"));
        h.append("</nav>\n");
        for (ReportSection s : sections) {
            h.append("<section id=\"").append(s.id()).append("\">\n<h2>").append(esc(s.title())).append("</h2>\n");
            s.notes().forEach(n -> h.append("<p>").append(esc(n)).append("</p>\n"));
            for (Figure f : s.figures()) {
                h.append("<figure id=\"").append(f.chart().id()).append("\">\n").append(inlineSvg(f.chart().svg()))
                        .append("\n<figcaption><strong>Reading:</strong> ").append(esc(f.reading())).append("</figcaption>\n");
                table(h, f.numbers());
                h.append("</figure>\n");
            }
            s.tables().forEach(t -> table(h, t));
            if (!s.transcript().isEmpty()) {
                h.append("<pre>").append(esc(s.transcript())).append("</pre>\n");
            }
            h.append("</section>\n");
        }
        return h.append("</body>\n</html>\n").toString();
    }

    private static String inlineSvg(Path svg) throws IOException {
        String text = Files.readString(svg, StandardCharsets.UTF_8);
        return text.startsWith(ChartFiles.SVG_PROLOGUE) ? text.substring(ChartFiles.SVG_PROLOGUE.length()).trim() : text.trim();
    }

    private static void table(StringBuilder h, Table t) {
        h.append("<table>\n<tr>");
        t.header().forEach(c -> h.append("<th>").append(esc(c)).append("</th>"));
        h.append("</tr>\n");
        for (List<String> row : t.rows()) {
            h.append("<tr>");
            row.forEach(c -> h.append("<td>").append(esc(c)).append("</td>"));
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
