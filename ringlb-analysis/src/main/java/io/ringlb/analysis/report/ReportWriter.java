package io.ringlb.analysis.report;

import io.ringlb.analysis.AnalysisException;
import io.ringlb.analysis.AnalysisOptions;
import io.ringlb.analysis.AnalysisResults;
import io.ringlb.analysis.AlgorithmSetup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Writes an analysis into a directory: {@code report.md}, the self-contained {@code report.html},
 * {@code results.json}, and every chart as PNG and SVG under {@code charts/}.
 */
public final class ReportWriter {

    public static final String TITLE = "ringlb analysis";

    private ReportWriter() {
    }

    /** Writes everything and returns the path of {@code report.md}. */
    public static Path write(AnalysisResults r, Path dir) {
        try {
            Files.createDirectories(dir);
            Path charts = dir.resolve("charts");
            List<ReportSection> sections = new ArrayList<>();
            for (Optional<ReportSection> s : List.of(
                    DistributionSection.build(r, charts), ScalingSection.build(r, charts), FailoverSection.build(r, charts),
                    ComparisonSection.build(r, charts), ClusterSection.build(r, charts), CoreSection.disruption(r, charts),
                    CoreSection.balance(r, charts),
                    LoadRunsSection.build(r))) {
                s.ifPresent(sections::add);
            }
            List<String> summary = summary(r.options());
            Path md = dir.resolve("report.md");
            Files.writeString(md, MarkdownReport.render(TITLE, summary, sections, dir), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("report.html"), HtmlReport.render(TITLE, summary, sections), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("results.json"), ResultsJson.render(r), StandardCharsets.UTF_8);
            return md;
        } catch (IOException | UncheckedIOException e) {
            throw new AnalysisException("could not write the report to " + dir + ": " + e.getMessage(), e);
        }
    }

    private static List<String> summary(AnalysisOptions o) {
        List<String> lines = new ArrayList<>();
        lines.add(o.selfHosted()
                ? "Mode: self-hosted: one balancer per configuration (ringlb start --port 0, local replica processes), started and stopped by the analysis"
                : !o.peers().isEmpty() ? "Mode: against the instances of one cluster at " + o.clusterTargets() + ", through their public API"
                : "Mode: against the running balancer at " + o.target() + ", through its public API only");
        lines.add(String.format(java.util.Locale.ROOT,
                "Requests per run: %,d; concurrency %d; timeout %d ms per request; warm-up %,d; A-3 at %,.0f requests/s; %,d keys on the hashing core",
                o.requests(), o.concurrency(), o.timeout().toMillis(), o.warmup(), o.failoverRate(), o.keys()));
        lines.add("Configurations: " + o.algorithms().stream().map(AlgorithmSetup::name).collect(Collectors.joining(", "))
                + " (primary: " + o.primary().name() + ")");
        lines.add("Experiments: " + o.experiments().stream().sorted().map(e -> e.cliName()).collect(Collectors.joining(", ")));
        lines.add("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
                + " (" + System.getProperty("java.vm.name") + "), " + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        lines.add("Generated: " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        return lines;
    }
}
