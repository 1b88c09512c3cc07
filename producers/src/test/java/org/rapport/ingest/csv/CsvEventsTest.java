package org.rapport.ingest.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rapport.client.IncomingEvent;
import org.rapport.ingest.file.SourceUnit;
import org.rapport.validation.FieldError;

class CsvEventsTest {

    private static List<SourceUnit> read(byte[] bytes) throws Exception {
        List<SourceUnit> units = new ArrayList<>();
        CsvEvents.read(new ByteArrayInputStream(bytes), units::add);
        return units;
    }

    private static List<SourceUnit> read(String text) throws Exception {
        return read(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void quotedCommasAndQuotesStayInTheirCell() throws Exception {
        List<SourceUnit> units = read("type,event_id,clinic_id,program_id,session_id,counselor_id,occurred_at\n"
                + "session,e1,\"clinic, north\",\"p \"\"iop\"\"\",S-1,co-1,2026-03-02T14:00:00Z\n");
        IncomingEvent e = units.get(0).events().get(0);
        assertThat(e.get("clinic_id")).isEqualTo("clinic, north");
        assertThat(e.get("program_id")).isEqualTo("p \"iop\"");
        assertThat(units.get(0).position()).isEqualTo("line 2");
    }

    @Test
    void aUtf8ByteOrderMarkAndCrlfLineEndsAreInvisible() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        bytes.write("type,clinic_id,client_ref\r\nepisode,clinique-é,R1\r\nepisode,c2,R2\r\n"
                .getBytes(StandardCharsets.UTF_8));

        List<SourceUnit> units = read(bytes.toByteArray());

        assertThat(units).hasSize(2);
        assertThat(units.get(0).events().get(0).fields()).containsExactly(
                java.util.Map.entry("type", "episode"), java.util.Map.entry("clinic_id", "clinique-é"),
                java.util.Map.entry("client_ref", "R1"));
        assertThat(units.get(1).events().get(0).get("client_ref")).isEqualTo("R2");
        assertThat(units.get(1).position()).isEqualTo("line 3");
    }

    @Test
    void emptyItemCellsAreMissingAnswersAndAnEmptyItemsCellIsNoItems() throws Exception {
        List<SourceUnit> units = read("""
                type,instrument,items,client_ref
                survey,PHQ9,1;0;;2;3;;0;1;,R1
                episode,,,R2
                """);
        assertThat(units.get(0).events().get(0).items()).isEqualTo(Arrays.asList("1", "0", "", "2", "3", "", "0", "1", ""));
        assertThat(units.get(1).events().get(0).items()).isNull();
        assertThat(units.get(1).events().get(0).fields()).doesNotContainKeys("instrument", "items");
    }

    @Test
    void lineNumbersFollowQuotedLineBreaksAndSkipBlankLines() throws Exception {
        List<SourceUnit> units = read("type,counselor_id\nsession,\"co\n7\"\n\nsession,co-8\nsession,a,b\n");
        assertThat(units).extracting(SourceUnit::position).containsExactly("line 2", "line 5", "line 6");
        assertThat(units.get(0).events().get(0).get("counselor_id")).isEqualTo("co\n7");
        assertThat(units.get(2).problems()).containsExactly(
                new FieldError("", "the row has 3 cells but the header names 2 columns"));
    }

    @Test
    void aTrainingRowLeavesTheClientColumnsEmpty() throws Exception {
        List<SourceUnit> units = read("""
                type,event_id,clinic_id,program_id,occurred_at,client_ref,session_id,counselor_id,training_id,curriculum,hours
                training,0b6f1c1e-1d7e-4c1e-9a51-3c1f0d1c2b09,clinic-a,p-op,2026-03-06T16:00:00Z,,,co-9,empathy-2026-03,EMPATHY,16.5
                """);
        assertThat(units.get(0).events().get(0).fields()).containsExactly(java.util.Map.entry("type", "training"),
                java.util.Map.entry("event_id", "0b6f1c1e-1d7e-4c1e-9a51-3c1f0d1c2b09"),
                java.util.Map.entry("clinic_id", "clinic-a"), java.util.Map.entry("program_id", "p-op"),
                java.util.Map.entry("occurred_at", "2026-03-06T16:00:00Z"), java.util.Map.entry("counselor_id", "co-9"),
                java.util.Map.entry("training_id", "empathy-2026-03"), java.util.Map.entry("curriculum", "EMPATHY"),
                java.util.Map.entry("hours", "16.5"));
    }

    @Test
    void aFileWithoutATypeColumnIsRefusedOnce() throws Exception {
        assertThat(read("kind,client_ref\nepisode,R1\n")).singleElement().satisfies(u -> assertThat(u.problems())
                .containsExactly(new FieldError("type", "the header row has no 'type' column")));
    }
}
