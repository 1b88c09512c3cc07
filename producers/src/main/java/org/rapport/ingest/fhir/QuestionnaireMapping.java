package org.rapport.ingest.fhir;

import static org.rapport.ingest.fhir.FhirResources.extension;
import static org.rapport.ingest.fhir.FhirResources.instant;
import static org.rapport.ingest.fhir.FhirResources.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rapport.avro.Instrument;
import org.rapport.client.IncomingEvent;
import org.rapport.ingest.fhir.FhirMapping.QuestionnaireRule;
import org.rapport.scoring.InstrumentSpec;

/**
 * QuestionnaireResponse → survey: the instrument from the Questionnaire (or, failing that, from LOINC linkIds),
 * each answered item to its item number through the {@link FhirMapping}, the answers as integers from
 * {@code valueInteger}, an integral {@code valueDecimal} or numeric {@code valueString}, or a {@code valueCoding}
 * with an {@code ordinalValue} / {@code itemWeight} extension, a mapped answer code (LOINC LA…) or a numeric code.
 */
final class QuestionnaireMapping {

    private static final Pattern ITEM_NUMBER = Pattern.compile("^\\D*?(\\d+)$");
    private static final Pattern BARE_NUMBER = Pattern.compile("^(\\d+)$");
    private static final Pattern DIGITS = Pattern.compile("-?\\d+");

    /** An answered (or leaf) item of the response and its element path ({@code item[1].item[0]}). */
    private record Answered(JsonNode item, String path) {
    }

    private QuestionnaireMapping() {
    }

    static void questionnaireResponse(ResourceMapping m, FhirMapping mapping) {
        JsonNode r = m.resource;
        String status = text(r, "status");
        if (status != null && !status.equals("completed") && !status.equals("amended")) {
            m.skip("QuestionnaireResponse is " + status);
            return;
        }
        List<Answered> answered = new ArrayList<>();
        flatten(r.path("item"), "item", answered);
        Optional<QuestionnaireRule> rule = rule(m, mapping, answered);
        if (rule.isEmpty()) {
            return;
        }
        Instrument instrument = rule.get().instrument();
        IncomingEvent.Builder survey = m.event("survey", "survey").set("instrument", instrument.name())
                .set("client_ref", m.clientRef(r.path("subject"), "subject"))
                .set("counselor_id", ratedCounselor(m))
                .set("occurred_at", instant(text(r, "authored")))
                .source("client_ref", m.path("subject"), "reference the Patient")
                .source("occurred_at", m.path("authored"), "add when the form was filled in")
                .source("counselor_id", m.path("extension:rated-counselor"), "add the extension "
                        + FhirCodes.RATED_COUNSELOR + " (valueReference to the rated counselor's Practitioner), or "
                        + "reference the session's Encounter in QuestionnaireResponse.encounter")
                .source("items", m.path("item"), null);
        survey.items(items(m, mapping, rule.get(), answered, survey));
        m.add(survey);
    }

    /** The instrument extension, else the Questionnaire, else the linkIds; a problem when none says. */
    private static Optional<QuestionnaireRule> rule(ResourceMapping m, FhirMapping mapping, List<Answered> answered) {
        String named = extension(m.resource, FhirCodes.INSTRUMENT);
        if (named != null) {
            try {
                Instrument instrument = Instrument.valueOf(named.toUpperCase(Locale.ROOT).replace('-', '_'));
                return Optional.of(mapping.rule(instrument).orElse(new QuestionnaireRule(instrument, List.of(named),
                        java.util.Map.of(), java.util.Set.of())));
            } catch (IllegalArgumentException e) {
                m.problem("extension:instrument", "'" + named + "' is not an instrument Rapport scores ("
                        + java.util.Arrays.toString(Instrument.values()) + ")");
                return Optional.empty();
            }
        }
        String questionnaire = text(m.resource, "questionnaire");
        Optional<QuestionnaireRule> rule = mapping.questionnaire(questionnaire)
                .or(() -> mapping.byLinkIds(answered.stream().map(a -> text(a.item(), "linkId")).toList()));
        if (rule.isEmpty()) {
            m.problem("questionnaire", (questionnaire == null ? "is missing" : "'" + questionnaire + "' is no "
                    + "instrument Rapport knows") + ": map its canonical URL to CARE, WAI_SR, SCS_SF, BAM, CRAVING, "
                    + "PHQ9 or GAD7 in " + FhirMapping.FILE_KEY + " (questionnaires), or add the extension "
                    + FhirCodes.INSTRUMENT);
        }
        return rule;
    }

    /** Item number → answer; unanswered items up to the instrument's count are missing answers, not a shorter form. */
    private static List<String> items(ResourceMapping m, FhirMapping mapping, QuestionnaireRule rule,
                                      List<Answered> answered, IncomingEvent.Builder survey) {
        List<String> items = new ArrayList<>();
        int count = InstrumentSpec.of(rule.instrument()).itemCount();
        while (items.size() < count) {
            items.add(null);
        }
        for (Answered a : answered) {
            String linkId = text(a.item(), "linkId");
            String last = FhirMapping.lastSegment(linkId);
            boolean hasAnswer = a.item().path("answer").size() > 0;
            if (rule.skip().contains(linkId) || rule.skip().contains(last)) {
                continue;
            }
            Integer n = itemNumber(rule, linkId, last);
            if (n == null) {
                if (hasAnswer) {
                    m.problem(a.path() + ".linkId", "'" + linkId + "' is no item of " + rule.instrument() + ": map it to "
                            + "an item number (or skip it) in " + FhirMapping.FILE_KEY + " (questionnaires[].items)");
                }
                continue;
            }
            while (items.size() < n) {
                items.add(null); // the converter reports the wrong item count
            }
            String answerPath = a.path() + ".answer[0]";
            items.set(n - 1, hasAnswer ? answer(a.item().path("answer").path(0), answerPath, m, mapping) : null);
            survey.source("items[" + (n - 1) + "]", m.path(answerPath), null);
        }
        return items;
    }

    private static Integer itemNumber(QuestionnaireRule rule, String linkId, String last) {
        Integer mapped = rule.items().containsKey(linkId) ? rule.items().get(linkId) : rule.items().get(last);
        if (mapped != null) {
            return mapped;
        }
        // With an item table, only a bare number is also an item number: "care-11" is a typo or a new item.
        Matcher number = (rule.items().isEmpty() ? ITEM_NUMBER : BARE_NUMBER).matcher(linkId == null ? "" : linkId);
        if (!number.matches()) {
            return null;
        }
        int n = Integer.parseInt(number.group(1));
        return n >= 1 ? n : null;
    }

    private static void flatten(JsonNode items, String path, List<Answered> out) {
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String here = path + "[" + i + "]";
            if (item.has("answer") || !item.has("item")) {
                out.add(new Answered(item, here));
            }
            flatten(item.path("item"), here + ".item", out);
            JsonNode answers = item.path("answer");
            for (int a = 0; a < answers.size(); a++) {
                flatten(answers.get(a).path("item"), here + ".answer[" + a + "].item", out);
            }
        }
    }

    /** The rated counselor: the extension, else the counselor of the response's Encounter in the same export. */
    private static String ratedCounselor(ResourceMapping m) {
        String extension = extension(m.resource, FhirCodes.RATED_COUNSELOR);
        if (extension != null) {
            return extension;
        }
        String encounter = text(m.resource.path("encounter"), "reference");
        return m.index.counselorOf(encounter).orElse(null);
    }

    private static String answer(JsonNode answer, String path, ResourceMapping m, FhirMapping mapping) {
        if (answer.path("valueInteger").isIntegralNumber()) {
            return answer.get("valueInteger").asText();
        }
        JsonNode decimal = answer.path("valueDecimal");
        if (decimal.isNumber() && decimal.asDouble() == Math.rint(decimal.asDouble())) {
            return Long.toString((long) decimal.asDouble());
        }
        String string = text(answer, "valueString");
        if (string != null && DIGITS.matcher(string).matches()) {
            return string;
        }
        JsonNode coding = answer.path("valueCoding");
        if (!coding.isMissingNode()) {
            String value = codingValue(coding, answer, mapping);
            if (value != null) {
                return value;
            }
            m.problem(path, "answer code '" + text(coding, "code") + "' has no value: add an ordinalValue or itemWeight "
                    + "extension to the coding, or map the code in " + FhirMapping.FILE_KEY + " (answers)");
            return null;
        }
        m.problem(path, "is not a whole number: answer with valueInteger, or a valueCoding with an ordinalValue "
                + "extension or a LOINC answer code");
        return null;
    }

    /** ordinalValue / itemWeight (on the coding or the answer), a mapped answer code, or a numeric code. */
    private static String codingValue(JsonNode coding, JsonNode answer, FhirMapping mapping) {
        for (JsonNode holder : new JsonNode[] {coding, answer}) {
            for (JsonNode ext : holder.path("extension")) {
                String url = text(ext, "url");
                if ((FhirCodes.ORDINAL_VALUE.equals(url) || FhirCodes.ITEM_WEIGHT.equals(url))
                        && ext.path("valueDecimal").isNumber()) {
                    double weight = ext.get("valueDecimal").asDouble();
                    return weight == Math.rint(weight) ? Long.toString((long) weight) : null;
                }
            }
        }
        String code = text(coding, "code");
        Optional<Integer> mapped = mapping.answer(text(coding, "system"), code);
        if (mapped.isPresent()) {
            return mapped.get().toString();
        }
        return code != null && DIGITS.matcher(code).matches() ? code : null;
    }
}
