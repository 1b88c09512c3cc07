package org.rapport.streams.indicators.weekly;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.rapport.avro.Alert;
import org.rapport.avro.Instrument;
import org.rapport.avro.internal.WeeklyFact;
import org.rapport.streams.indicators.alerts.AlertRules;
import org.rapport.streams.timeline.ClientTimeline;
import org.rapport.streams.timeline.Episode;
import org.rapport.streams.timeline.ScoredSurvey;
import org.rapport.streams.timeline.SessionOutcome;
import org.rapport.streams.timeline.UtcCalendar;

/**
 * One client's contributions to the program weeks of SPEC §5.4, keyed {@code program|week|client}.
 * Attendance counts by session start, admissions and discharges by their instants, alerts by their
 * {@code at}, surveys by {@code occurred_at}; each under the program of its own event (the episode's
 * program for admissions, discharges and episode alerts).
 */
public final class WeeklyFacts {

    private WeeklyFacts() {
    }

    public static String programWeekKey(String programId, int weekEpochDay) {
        return programId + "|" + UtcCalendar.weekFromEpochDay(weekEpochDay);
    }

    public static Map<String, WeeklyFact> derive(ClientTimeline timeline, AlertRules.Derivation alerts) {
        Map<RowKey, Builder> rows = new HashMap<>();
        for (SessionOutcome o : timeline.outcomes()) {
            Builder row = row(rows, timeline, o.programId(), o.at());
            if (o.attended()) {
                row.attended++;
                row.sessions.add(o.sessionId());
            } else {
                row.missed++;
            }
        }
        for (Episode e : timeline.episodes()) {
            row(rows, timeline, e.programId(), e.admittedAt()).admissions++;
            if (!e.isOpen()) {
                row(rows, timeline, e.programId(), e.dischargedAt()).discharges
                        .merge(e.dischargeReason().name(), 1, Integer::sum);
            }
        }
        for (Alert a : alerts.alerts()) {
            Builder row = row(rows, timeline, a.getProgramId(), a.getAt());
            switch (a.getKind()) {
                case DROPOUT -> row.dropouts++;
                case RETURN_TO_USE -> row.returnsToUse++;
                case CRAVING_SPIKE -> row.cravingSpikes++;
                default -> { }
            }
        }
        for (ScoredSurvey s : timeline.surveys()) {
            if (s.scored()) {
                row(rows, timeline, s.event().getProgramId(), s.at()).addSurvey(s.instrument(), s.total());
            }
        }
        Map<String, WeeklyFact> out = new TreeMap<>();
        rows.forEach((k, b) -> out.put(programWeekKey(k.programId(), k.week()) + "|" + timeline.clientId(), b.build()));
        return out;
    }

    /** A row's identity while rows are built; the string key is made once per row at the end. */
    private record RowKey(String programId, int week) {
    }

    private static Builder row(Map<RowKey, Builder> rows, ClientTimeline timeline, String programId, Instant at) {
        int week = (int) UtcCalendar.week(at).toEpochDay();
        return rows.computeIfAbsent(new RowKey(programId, week), k -> new Builder(programId, week));
    }

    /** Mutable accumulator for one row. */
    private static final class Builder {
        final String programId;
        final int week;
        int attended;
        int missed;
        final TreeSet<String> sessions = new TreeSet<>();
        int admissions;
        final Map<String, Integer> discharges = new TreeMap<>();
        int dropouts;
        int returnsToUse;
        int cravingSpikes;
        final Map<Instrument, double[]> surveys = new HashMap<>();

        Builder(String programId, int week) {
            this.programId = programId;
            this.week = week;
        }

        void addSurvey(Instrument instrument, double total) {
            double[] sumAndCount = surveys.computeIfAbsent(instrument, i -> new double[2]);
            sumAndCount[0] += total;
            sumAndCount[1] += 1;
        }

        WeeklyFact build() {
            return WeeklyFact.newBuilder().setProgramId(programId).setWeekEpochDay(week)
                    .setAttended(attended).setMissed(missed).setAttendedSessions(new ArrayList<>(sessions))
                    .setAdmissions(admissions).setDischarges(new HashMap<>(discharges))
                    .setDropouts(dropouts).setReturnsToUse(returnsToUse).setCravingSpikes(cravingSpikes)
                    .setCareSum(sum(Instrument.CARE)).setCareN(count(Instrument.CARE))
                    .setWaiSum(sum(Instrument.WAI_SR)).setWaiN(count(Instrument.WAI_SR))
                    .setScsSum(sum(Instrument.SCS_SF)).setScsN(count(Instrument.SCS_SF))
                    .setPhq9Sum(sum(Instrument.PHQ9)).setPhq9N(count(Instrument.PHQ9))
                    .build();
        }

        private double sum(Instrument i) {
            return surveys.getOrDefault(i, new double[2])[0];
        }

        private int count(Instrument i) {
            return (int) surveys.getOrDefault(i, new double[2])[1];
        }
    }
}
