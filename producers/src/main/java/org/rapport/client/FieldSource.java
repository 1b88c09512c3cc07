package org.rapport.client;

import java.util.Objects;

/**
 * Where a field of an {@link IncomingEvent} came from in the sender's own format, so that a problem with it can
 * be reported in the sender's terms: a FHIR element path ({@code EpisodeOfCare.period.start},
 * {@code QuestionnaireResponse.item[3].answer[0]}) and what to add there.
 *
 * @param element   the element path in the source
 * @param whatToAdd how to fix the source, completing the problem's sentence; null when the problem says it all
 */
public record FieldSource(String element, String whatToAdd) {

    public FieldSource {
        Objects.requireNonNull(element, "element");
    }
}
