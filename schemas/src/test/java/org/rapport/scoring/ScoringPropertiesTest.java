package org.rapport.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.rapport.avro.Instrument;

/** Properties every valid form must satisfy, whatever its answers and gaps. */
class ScoringPropertiesTest {

    /** A valid item list for one instrument: right count, answers on the scale, about a fifth missing. */
    record Form(Instrument instrument, List<Integer> items) {
        long missing() {
            return items.stream().filter(answer -> answer == null).count();
        }
    }

    @Provide
    Arbitrary<Form> forms() {
        return Arbitraries.of(Instrument.class).flatMap(instrument -> {
            InstrumentSpec spec = InstrumentSpec.of(instrument);
            Arbitrary<Integer> answer = Arbitraries.integers().between(spec.min(), spec.max()).injectNull(0.2);
            return answer.list().ofSize(spec.itemCount()).map(items -> new Form(instrument, new ArrayList<>(items)));
        });
    }

    @Property
    void scoredTotalsStayWithinTheInstrumentRange(@ForAll("forms") Form form) {
        SurveyScore score = Scoring.score(form.instrument(), form.items());
        if (score.scored()) {
            double[] range = switch (form.instrument()) {
                case CARE -> new double[] {10, 50};
                case WAI_SR -> new double[] {12, 60};
                case SCS_SF -> new double[] {1, 5};
                case BAM -> new double[] {0, 90};
                case CRAVING -> new double[] {0, 10};
                case PHQ9 -> new double[] {0, 27};
                case GAD7 -> new double[] {0, 21};
            };
            assertThat(score.total()).isBetween(range[0] - 1e-9, range[1] + 1e-9);
        } else {
            assertThat(score.subscales()).isEmpty();
        }
    }

    @Property
    void completeFormsAreAlwaysScored(@ForAll("forms") Form form) {
        List<Integer> complete = new ArrayList<>(form.items());
        complete.replaceAll(answer -> answer == null ? InstrumentSpec.of(form.instrument()).min() : answer);
        assertThat(Scoring.score(form.instrument(), complete).scored()).isTrue();
    }

    @Property
    void meanImputedInstrumentsAreScoredExactlyUpToTheirMissingLimit(@ForAll("forms") Form form) {
        int limit = switch (form.instrument()) {
            case CARE, PHQ9 -> 2;
            case GAD7 -> 1;
            case CRAVING -> 0;
            default -> -1;
        };
        if (limit >= 0) {
            assertThat(Scoring.score(form.instrument(), form.items()).scored()).isEqualTo(form.missing() <= limit);
        }
    }

    @Property
    void onlyPhq9RaisesTheSafetyFlag(@ForAll("forms") Form form) {
        SurveyScore score = Scoring.score(form.instrument(), form.items());
        Integer itemNine = form.instrument() == Instrument.PHQ9 ? form.items().get(8) : null;
        assertThat(score.safetyFlag()).isEqualTo(itemNine != null && itemNine > 0);
    }
}
