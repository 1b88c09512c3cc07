package org.rapport.streams.query;

import java.util.Map;
import org.rapport.avro.internal.AllianceAggregate;
import org.rapport.avro.internal.CohortAggregate;
import org.rapport.avro.internal.WeeklyAggregate;
import org.rapport.streams.indicators.alliance.AllianceAggregates;
import org.rapport.streams.indicators.cohorts.CohortAggregates;
import org.rapport.streams.indicators.weekly.WeeklyAggregates;

/**
 * The de-identified, suppressed research rows (SPEC §7), built from the aggregates themselves so that a mean
 * is also hidden when the number of surveys or episodes behind it is small, although that number is not shown.
 * The aggregate rows hold no client or counselor id and no date finer than the week.
 */
public final class ResearchRows {

    private final Suppression suppression;

    public ResearchRows(Suppression suppression) {
        this.suppression = suppression;
    }

    /** null when the aggregate is empty. */
    public Map<String, Object> weekly(WeeklyAggregate a) {
        var out = WeeklyAggregates.toOutput(a);
        if (out == null) {
            return null;
        }
        var row = suppression.row(Rows.of(out));
        return row.count("sessions_held").count("attended").count("missed").count("active_clients")
                .count("admissions").countsIn("discharges").count("dropouts").count("returns_to_use")
                .count("craving_spikes")
                .derived("attendance_rate", a.getAttended(), a.getMissed())
                .derived("care_mean", a.getCareN())
                .derived("wai_mean", a.getWaiN())
                .derived("scs_mean", a.getScsN())
                .derived("phq9_mean", a.getPhq9N())
                .done();
    }

    public Map<String, Object> cohort(CohortAggregate a) {
        var out = CohortAggregates.toOutput(a);
        if (out == null) {
            return null;
        }
        var row = suppression.row(Rows.of(out));
        for (String field : Rows.of(out).keySet()) {
            if (!field.equals("program_id") && !field.equals("month") && !field.equals("median_los_days")) {
                row.count(field);
            }
        }
        long discharged = a.getLosCounts().values().stream().mapToLong(Integer::longValue).sum();
        return row.derived("median_los_days", discharged).done();
    }

    public Map<String, Object> alliance(AllianceAggregate a) {
        var out = AllianceAggregates.toOutput(a);
        if (out == null) {
            return null;
        }
        var row = suppression.row(Rows.of(out));
        return row.count("episodes").count("dropouts").count("returns_to_use")
                .derived("dropout_rate", a.getEpisodes(), a.getDropouts())
                .derived("return_to_use_rate", a.getEpisodes(), a.getReturnsToUse())
                .derived("mean_attendance_rate", a.getEpisodes(), a.getRateN())
                .done();
    }
}
