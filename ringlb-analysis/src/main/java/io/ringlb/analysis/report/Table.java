package io.ringlb.analysis.report;

import java.util.ArrayList;
import java.util.List;

/** A table of text cells with a header row; every row has the header's width. */
public record Table(List<String> header, List<List<String>> rows) {

    public Table {
        header = List.copyOf(header);
        List<List<String>> copy = new ArrayList<>();
        for (List<String> row : rows) {
            if (row.size() != header.size()) {
                throw new IllegalArgumentException("row " + row + " has " + row.size() + " cells, the header " + header.size());
            }
            copy.add(List.copyOf(row));
        }
        rows = List.copyOf(copy);
    }

    /** Starts a table with these column titles. */
    public static Builder of(String... header) {
        return new Builder(List.of(header));
    }

    /** Collects rows. */
    public static final class Builder {
        private final List<String> header;
        private final List<List<String>> rows = new ArrayList<>();

        private Builder(List<String> header) {
            this.header = header;
        }

        public Builder row(Object... cells) {
            List<String> row = new ArrayList<>();
            for (Object c : cells) {
                row.add(String.valueOf(c));
            }
            rows.add(row);
            return this;
        }

        public Table build() {
            return new Table(header, rows);
        }
    }
}
