package io.ringlb.analysis.report;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Renders the report as GitHub-flavoured Markdown: each chart as its PNG, with a link to its SVG. */
final class MarkdownReport {

    private MarkdownReport() {
    }

    static String render(String title, List<String> summary, List<ReportSection> sections, Path dir) {
        StringBuilder md = new StringBuilder("# ").append(title).append("\n\n");
        summary.forEach(line -> md.append("- ").append(line).append('\n'));
        md.append("\nContents: ").append(sections.stream().map(s -> "[" + s.title() + "](#" + s.id() + ")")
                .collect(Collectors.joining(" · "))).append("\n");
        for (ReportSection s : sections) {
            md.append("\n<a id=\"").append(s.id()).append("\"></a>\n\n## ").append(s.title()).append("\n\n");
            s.notes().forEach(n -> md.append(n).append("\n\n"));
            for (Figure f : s.figures()) {
                String png = relative(dir, f.chart().png());
                String svg = relative(dir, f.chart().svg());
                md.append("![").append(f.chart().title()).append("](").append(png).append(")\n\n");
                md.append("**Reading:** ").append(f.reading()).append(" ([PNG](").append(png).append(") · [SVG](")
                        .append(svg).append("))\n\n");
                table(md, f.numbers());
            }
            s.tables().forEach(t -> table(md, t));
            if (!s.transcript().isEmpty()) {
                md.append("```text\n").append(s.transcript()).append("\n```\n\n");
            }
        }
        return md.toString();
    }

    private static void table(StringBuilder md, Table t) {
        md.append("| ").append(t.header().stream().map(MarkdownReport::cell).collect(Collectors.joining(" | "))).append(" |\n");
        md.append("|").append(" --- |".repeat(t.header().size())).append('\n');
        for (List<String> row : t.rows()) {
            md.append("| ").append(row.stream().map(MarkdownReport::cell).collect(Collectors.joining(" | "))).append(" |\n");
        }
        md.append('\n');
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    static String relative(Path dir, Path file) {
        return dir.toAbsolutePath().relativize(file.toAbsolutePath()).toString().replace('\\', '/');
    }
}
