package io.ringlb.analysis.report;

import java.util.List;

/**
 * One section of the report.
 *
 * @param id         anchor, e.g. {@code a1}
 * @param title      heading
 * @param notes      paragraphs before the figures
 * @param figures    charts with their readings and numbers
 * @param tables     further tables, after the figures
 * @param transcript preformatted text (A-3's requests and responses), or empty
 */
public record ReportSection(String id, String title, List<String> notes, List<Figure> figures, List<Table> tables,
                            String transcript) {

    public ReportSection {
        notes = List.copyOf(notes);
        figures = List.copyOf(figures);
        tables = List.copyOf(tables);
    }
}
