package org.rapport.streams.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rapport.avro.AlertKind;

/** Every parameter of the query routes is understood or refused with a clear 400 — never a 500 from below. */
class QueryParamsTest {

    @Test
    void theAllianceLookupByKeyIsNoInternalQueryAnyMore() {
        // Issue 9, item 11: GET /internal/v1/query/research-alliance?keys=abc answered 500 (StringIndexOutOfBounds).
        // Research answers now come from a release built over whole tables; no key lookup is left to misread.
        assertThatThrownBy(() -> QueryParams.checkInternal("research-alliance", Map.of("keys", "abc")))
                .isInstanceOf(BadRequestException.class).hasMessage("unknown query 'research-alliance'");
        assertThatThrownBy(() -> QueryParams.checkInternal("research-weekly", Map.of("programs", "*")))
                .isInstanceOf(BadRequestException.class);
    }

    @Test
    void internalQueriesTakeOnlyTheirOwnWellFormedParameters() {
        assertThatThrownBy(() -> QueryParams.checkInternal("nope", Map.of())).hasMessage("unknown query 'nope'");
        assertThatThrownBy(() -> QueryParams.checkInternal("weekly", Map.of()))
                .hasMessage("query weekly needs program");
        assertThatThrownBy(() -> QueryParams.checkInternal("alerts", Map.of("program", "p", "since", "yesterday")))
                .hasMessage("since must be an ISO-8601 instant or date, not 'yesterday'");
        assertThatThrownBy(() -> QueryParams.checkInternal("alerts", Map.of("program", "p", "kind", "LOUD")))
                .isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> QueryParams.checkInternal("clients", Map.of("program", "p", "limit", "3")))
                .hasMessageStartingWith("query clients takes");
        assertThatThrownBy(() -> QueryParams.checkInternal("weekly", Map.of("program", "p", "from", "x")))
                .hasMessageStartingWith("from must be a date");
        assertThatThrownBy(() -> QueryParams.checkInternal("programs", Map.of("programs", " , ")))
                .hasMessage("program must name at least one program");
        QueryParams.checkInternal("alerts", Map.of("program", "prog-1", "kind", "SAFETY", "since",
                "2026-01-08T00:00:00Z"));
        QueryParams.checkInternal("weekly", Map.of("program", "prog-1", "from", "2026-01-05", "to", "2026-02-01"));
    }

    @Test
    void programIdsCannotCarryKeySeparatorsOrControlCharacters() {
        assertThat(QueryParams.programId("program", "north-op")).isEqualTo("north-op");
        for (String bad : new String[] {"north-op|evil", "a,b", "a\u0000b", "a\u001bb", " ", "", "a b",
                "x".repeat(org.rapport.validation.Ids.MAX_ID_LENGTH + 1)}) {
            assertThatThrownBy(() -> QueryParams.programId("program", bad)).as(bad)
                    .isInstanceOf(BadRequestException.class);
        }
        assertThatThrownBy(() -> ProgramSet.parse("prog-1,north-op|evil")).isInstanceOf(BadRequestException.class);
    }

    @Test
    void datesInstantsEnumsAndLimitsAtTheirEdges() {
        assertThat(QueryParams.date("from", "2026-01-07")).isEqualTo(LocalDate.of(2026, 1, 7));
        // LocalDate parses these, but their week's Monday or their text as a key part would be out of range.
        for (String bad : new String[] {"+999999999-12-31", "-999999999-01-01", "0001-01-01", "10000-01-01",
                "2026-02-30", "last-week"}) {
            assertThatThrownBy(() -> QueryParams.date("from", bad)).as(bad).isInstanceOf(BadRequestException.class);
        }
        assertThat(QueryParams.instant("since", "2026-01-08")).isEqualTo(Instant.parse("2026-01-08T00:00:00Z"));
        assertThatThrownBy(() -> QueryParams.instant("since", "+1000000001-01-01T00:00:00Z"))
                .isInstanceOf(BadRequestException.class);
        assertThat(QueryParams.enumValue(AlertKind.class, "kind", " safety ")).isEqualTo(AlertKind.SAFETY);
        assertThat(QueryParams.positive("limit", null)).isEqualTo(Integer.MAX_VALUE);
        assertThat(QueryParams.positive("limit", "5")).isEqualTo(5);
        for (String bad : new String[] {"0", "-1", "1e3", "99999999999", "five"}) {
            assertThatThrownBy(() -> QueryParams.positive("limit", bad)).as(bad)
                    .isInstanceOf(BadRequestException.class).hasMessageContaining("positive whole number");
        }
    }

    @Test
    void aCallersValueIsQuotedShortAndWithoutControlCharacters() {
        assertThat(QueryParams.shown("a\nb\u001b")).isEqualTo("a?b?");
        assertThat(QueryParams.shown("x".repeat(100))).hasSize(65).endsWith("…");
    }
}
