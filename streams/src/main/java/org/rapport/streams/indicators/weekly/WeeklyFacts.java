package org.rapport.streams.indicators.weekly;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import org.rapport.avro.Alert;
import org.rapport.avro.Instrument;
import org.rapport.avro.internal.WeeklyFact;
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

    /**
     * One client's row of one program week, or null when the client contributes nothing to it.
     *
     * @param outcomes the client's attended and missed sessions that start in the week
     * @param episodes the client's episodes (their admissions and discharges in the week count)
     * @param alerts   the client's alerts in effect with {@code at} in the week
     * @param surveys  the client's surveys dated in the week
     */
    public static WeeklyFact row(String programId, int weekEpochDay, List<SessionOutcome> outcomes, List<Episode> episodes,
                                 List<Alert> alerts, List<ScoredSurvey> surveys) {
        Map<RowKey, Builder> rows = new HashMap<>();
        for (SessionOutcome o : outcomes) {
            Builder row = row(rows, o.programId(), o.at());
            if (o.attended()) {
                row.attended++;
                row.sessions.add(o.sessionId());
            } else {
                row.missed++;
            }
        }
        for (Episode e : episodes) {
            row(rows, e.programId(), e.admittedAt()).admissions++;
            if (!e.isOpen()) {
                row(rows, e.programId(), e.dischargedAt()).discharges.merge(e.dischargeReason().name(), 1, Integer::sum);
            }
        }
        for (Alert a : alerts) {
            Builder row = row(rows, a.getProgramId(), a.getAt());
            switch (a.getKind()) {
                case DROPOUT -> row.dropouts++;
                case RETURN_TO_USE -> row.returnsToUse++;
                case CRAVING_SPIKE -> row.cravingSpikes++;
                default -> { }
            }
        }
        for (ScoredSurvey s : surveys) {
            if (s.scored()) {
                row(rows, s.event().getProgramId(), s.at()).addSurvey(s.instrument(), s.total());
            }
        }
        Builder wanted = rows.get(new RowKey(programId, weekEpochDay));
        return wanted == null ? null : wanted.build();
    }

    /** The fact key of a client's row: {@code program|week|client}. */
    public static String key(String programId, int weekEpochDay, String clientId) {
        return programWeekKey(programId, weekEpochDay) + "|" + clientId;
    }

    /** The epoch day of the Monday of {@code at}'s ISO week. */
    public static int weekOf(Instant at) {
        return (int) UtcCalendar.week(at).toEpochDay();
    }

    /** A row's identity while rows are built; the string key is made once per row at the end. */
    private record RowKey(String programId, int week) {
    }

    private static Builder row(Map<RowKey, Builder> rows, String programId, Instant at) {
        int week = weekOf(at);
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
