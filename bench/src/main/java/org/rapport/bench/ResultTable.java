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
        rows.add(new String[] {"events", "clients", "what", "records/s", "ratio", "CPU µs/record", "state B/client"});
        for (BenchResult.Scale s : r.scales()) {
            String events = count(s.events());
            String clients = count(s.clients());
            rows.add(new String[] {events, clients, "raw produce", rate(s.baseline().produceRecordsPerSecond()), "", "", ""});
            rows.add(new String[] {"", "", "raw consume", rate(s.baseline().consumeRecordsPerSecond()), "", "", ""});
            rows.add(new String[] {"", "", "raw produce+consume", rate(s.baseline().produceAndConsumeRecordsPerSecond()),
                "1.00", "", ""});
            if (s.topologyOnly() != null) {
                TopologyOnly.Result t = s.topologyOnly();
                rows.add(new String[] {"", "", "topology alone (no Kafka)", rate(t.recordsPerSecond()),
                    String.format(Locale.ROOT, "%.3f", t.recordsPerSecond() / s.baseline().produceAndConsumeRecordsPerSecond()),
                    String.format(Locale.ROOT, "%.1f", t.cpuMicrosPerRecord()), ""});
            }
            for (BenchResult.Pipeline p : s.pipelines()) {
                String state = p.guarantee().startsWith("exactly") && s.state() != null
                        ? String.format(Locale.ROOT, "%.0f", s.state().historyBytesPerClient()
                        + s.state().statusBytesPerClient()) : "";
                rows.add(new String[] {"", "", "pipeline " + p.guarantee(), rate(p.recordsPerSecond()),
                    String.format(Locale.ROOT, "%.3f", p.ratioToBaseline()),
                    String.format(Locale.ROOT, "%.1f", p.cpuMicrosPerRecord()), state});
            }
        }
        appendRows(out, rows);
        for (BenchResult.Scale s : r.scales()) {
            for (BenchResult.Pipeline p : s.pipelines()) {
                out.append(String.format(Locale.ROOT, "%s events, %s: input %.1f MB; written %s%n", count(s.events()),
                        p.guarantee(), p.inputBytes() / 1e6, megabytes(p.bytesWritten())));
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
        return out.toString();
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
