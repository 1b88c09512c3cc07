package org.rapport.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The human-readable table of a {@link BenchResult}, as printed and pasted into the README. */
final class ResultTable {

    private ResultTable() {
    }

    static String render(BenchResult r) {
        StringBuilder out = new StringBuilder();
        BenchResult.Machine m = r.machine();
        out.append(String.format(Locale.ROOT, "Rapport bench (%s) — %s, %d cores, %s, Java %s, heap %d MB; %s%n%n",
                r.label(), m.host(), m.cores(), m.os(), m.java(), m.maxHeapMb(), r.cluster()));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"events", "clients", "what", "records/s", "ratio", "CPU µs/record",
            "changelog B/input B", "state B/client"});
        for (BenchResult.Scale s : r.scales()) {
            double raw = s.baseline().produceAndConsumeRecordsPerSecond();
            rows.add(new String[] {count(s.events()), count(s.clients()), "raw produce",
                rate(s.baseline().produceRecordsPerSecond()), "", "", "", ""});
            rows.add(new String[] {"", "", "raw consume", rate(s.baseline().consumeRecordsPerSecond()), "", "", "", ""});
            rows.add(new String[] {"", "", "raw produce+consume", rate(raw), "1.00", "", "", ""});
            if (s.streamsCeiling() != null) {
                rows.add(row(s.streamsCeiling(), ""));
            }
            if (s.topologyOnly() != null) {
                TopologyOnly.Result t = s.topologyOnly();
                rows.add(new String[] {"", "", "topology alone (no Kafka, " + count(t.records()) + " records)",
                    rate(t.recordsPerSecond()), fixed(t.recordsPerSecond() / raw, 3), fixed(t.cpuMicrosPerRecord(), 1),
                    "", ""});
            }
            for (BenchResult.Pipeline p : s.pipelines()) {
                boolean measured = p.guarantee().equals(ScaleRun.EXACTLY_ONCE) && s.state() != null;
                rows.add(row(p, measured ? fixed(s.stateBytesPerClient(), 0) : ""));
            }
        }
        appendRows(out, rows);
        for (BenchResult.Scale s : r.scales()) {
            List<BenchResult.Pipeline> runs = new ArrayList<>();
            if (s.streamsCeiling() != null) {
                runs.add(s.streamsCeiling());
            }
            runs.addAll(s.pipelines());
            for (BenchResult.Pipeline p : runs) {
                out.append(String.format(Locale.ROOT, "%s events, %s %s: input %.1f MB; written %s%n", count(s.events()),
                        p.what(), p.guarantee(), p.inputBytes() / 1e6, megabytes(p.bytesWritten())));
                if (p.recordsWrittenPerInput() != null) {
                    out.append("    records written per input record: ").append(perInput(p.recordsWrittenPerInput()))
                            .append(System.lineSeparator());
                }
                out.append("    ").append(transactions(p)).append(String.format(Locale.ROOT, "; load average %.1f%n",
                        p.loadAverage()));
            }
            if (s.state() != null) {
                out.append(state(s)).append(System.lineSeparator());
            }
        }
        if (r.latency() != null) {
            out.append(String.format(Locale.ROOT, "%nLatency, produce ack → client-status record (exactly-once):%n"));
            for (LatencyProbe.Result l : r.latency()) {
                out.append(String.format(Locale.ROOT, "  at %s records/s (achieved %s): p50 %.0f ms, p99 %.0f ms, "
                        + "max %.0f ms over %d probes (%d lost)%n", rate(l.targetRecordsPerSecond()),
                        rate(l.achievedRecordsPerSecond()), l.p50Millis(), l.p99Millis(), l.maxMillis(), l.probes(),
                        l.lost()));
            }
        }
        if (r.http() != null) {
            HttpIngest.Result h = r.http();
            out.append(String.format(Locale.ROOT, "HTTP ingestion, POST /v1/events in batches of %d, %d senders: "
                    + "%s events/s (%.1f requests/s)%n", h.batchSize(), h.senders(), rate(h.eventsPerSecond()),
                    h.batchesPerSecond()));
        }
        out.append(String.format(Locale.ROOT, "Total run time %.0f s%n", r.totalSeconds()));
        for (BenchResult.Scale s : r.scales()) {
            for (BenchResult.Pipeline p : s.pipelines()) {
                if (p.profile() != null) {
                    out.append(System.lineSeparator()).append(count(s.events())).append(" events, ").append(p.what())
                            .append(' ').append(p.guarantee()).append(", ").append(p.profile().render());
                }
            }
        }
        return out.toString();
    }

    private static String[] row(BenchResult.Pipeline p, String state) {
        return new String[] {"", "", p.what() + " " + p.guarantee(), rate(p.recordsPerSecond()),
            fixed(p.ratioToBaseline(), 3), fixed(p.cpuMicrosPerRecord(), 1), fixed(p.changelogPerInputByte(), 1), state};
    }

    /** Commits, the time spent committing transactions, records sent again, appends the broker refused. */
    private static String transactions(BenchResult.Pipeline p) {
        Transactions t = p.transactions();
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%d commits", t.commits()));
        if (t.txnCommitSeconds() > 0) {
            text.append(String.format(Locale.ROOT, ", %.1f ms each in commitTransaction (%.0f %% of the run)",
                    t.meanTxnCommitMillis(), 100 * t.txnCommitSeconds() / p.seconds()));
        }
        text.append(String.format(Locale.ROOT, "; %d records sent again", t.recordRetries()));
        if (t.brokerRejectedAppends() >= 0) {
            text.append(String.format(Locale.ROOT, ", %d appends refused by the broker", t.brokerRejectedAppends()));
        }
        return text.toString();
    }

    private static String state(BenchResult.Scale s) {
        StateSize st = s.state();
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "%s events, state: %.1f MB live in %d entries (%.0f B/client, %d clients with a status), %.1f MB on disk; ",
                count(s.events()), st.liveBytes() / 1e6, st.entries(), s.stateBytesPerClient(), st.clients(),
                st.directoryBytes() / 1e6));
        text.append(megabytes(st.liveBytesByStore()));
        if (!st.notMeasured().isEmpty()) {
            text.append("; not measured (no RocksDB directory): ").append(String.join(", ", st.notMeasured()));
        }
        return text.toString();
    }

    private static String fixed(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static void appendRows(StringBuilder out, List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            StringBuilder line = new StringBuilder("|");
            for (int i = 0; i < widths.length; i++) {
                String cell = rows.get(r)[i];
                boolean left = i == 2;
                line.append(' ').append(left ? pad(cell, widths[i], true) : pad(cell, widths[i], false)).append(" |");
            }
            out.append(line).append('\n');
            if (r == 0) {
                StringBuilder rule = new StringBuilder("|");
                for (int i = 0; i < widths.length; i++) {
                    rule.append(i == 2 ? ":" : "-").append("-".repeat(widths[i])).append(i == 2 ? "-|" : ":|");
                }
                out.append(rule).append('\n');
            }
        }
    }

    private static String pad(String s, int width, boolean left) {
        String fill = " ".repeat(width - s.length());
        return left ? s + fill : fill + s;
    }

    private static String megabytes(java.util.Map<String, Long> bytes) {
        StringBuilder text = new StringBuilder();
        bytes.forEach((k, v) -> text.append(text.isEmpty() ? "" : ", ").append(k)
                .append(String.format(Locale.ROOT, " %.1f MB", v / 1e6)));
        return text.toString();
    }

    private static String perInput(java.util.Map<String, Double> perInput) {
        StringBuilder text = new StringBuilder();
        perInput.forEach((k, v) -> text.append(text.isEmpty() ? "" : ", ").append(k)
                .append(String.format(Locale.ROOT, " %.2f", v)));
        return text.toString();
    }

    static String rate(double perSecond) {
        if (Double.isNaN(perSecond)) {
            return "–";
        }
        return perSecond >= 10_000 ? String.format(Locale.ROOT, "%.1f k", perSecond / 1000)
                : String.format(Locale.ROOT, "%.0f", perSecond);
    }

    static String count(long n) {
        if (n >= 1_000_000) {
            return String.format(Locale.ROOT, "%.2f M", n / 1e6);
        }
        return n >= 10_000 ? String.format(Locale.ROOT, "%.0f k", n / 1e3) : Long.toString(n);
    }
}
