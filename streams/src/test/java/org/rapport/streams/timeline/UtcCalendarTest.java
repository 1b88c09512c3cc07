package org.rapport.streams.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** UTC calendar arithmetic at its edges. */
class UtcCalendarTest {

    @Test
    void monthIsTheUtcYearAndMonthZeroPadded() {
        assertThat(UtcCalendar.month(Instant.parse("1970-01-01T00:00:00Z"))).isEqualTo("1970-01");
        assertThat(UtcCalendar.month(Instant.parse("2026-09-30T23:59:59.999Z"))).isEqualTo("2026-09");
        assertThat(UtcCalendar.month(Instant.parse("2026-10-01T00:00:00Z"))).isEqualTo("2026-10");
        assertThat(UtcCalendar.month(Instant.parse("2026-12-31T23:59:59Z"))).isEqualTo("2026-12");
    }
}
