package org.rapport.ingest.fhir;

import static org.rapport.ingest.fhir.FhirResources.extension;
import static org.rapport.ingest.fhir.FhirResources.instant;
import static org.rapport.ingest.fhir.FhirResources.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rapport.avro.Instrument;
import org.rapport.scoring.InstrumentSpec;

/**
 * QuestionnaireResponse → survey: the instrument from the questionnaire's canonical URL (or LOINC code),
 * the items by linkId = item number, the answers as integers.
 */
final class QuestionnaireMapping {

    /** LOINC panel codes of the instruments that have one. */
    private static final Map<String, String> LOINC = Map.of("44249-1", "PHQ9", "69737-5", "GAD7");
    private static final Pattern ITEM_NUMBER = Pattern.compile("^\\D*?(\\d+)$");
    private static final Pattern DIGITS = Pattern.compile("-?\\d+");

    private QuestionnaireMapping() {
    }

    static void questionnaireResponse(ResourceMapping m) {
        JsonNode r = m.resource;
        String status = text(r, "status");
        if (status != null && !status.equals("completed") && !status.equals("amended")) {
            m.skip("QuestionnaireResponse is " + status);
            return;
        }
        String instrument = CareMappings.firstNonNull(extension(r, FhirCodes.INSTRUMENT),
                instrumentOf(text(r, "questionnaire")));
        if (instrument == null) {
            m.problem("questionnaire", "names no known instrument (CARE, WAI-SR, SCS-SF, BAM, CRAVING, PHQ-9, GAD-7)");
            return;
        }
        // Unanswered items up to the instrument's count are missing answers, not a shorter form.
        List<String> items = items(r, itemCount(instrument), m);
        m.add(m.event("survey", "survey").set("client_ref", m.clientRef(r.path("subject"), "subject"))
                .set("instrument", instrument).items(items)
                .set("counselor_id", extension(r, FhirCodes.RATED_COUNSELOR))
                .set("occurred_at", instant(text(r, "authored"))));
    }

    private static int itemCount(String instrument) {
        try {
            return InstrumentSpec.of(Instrument.valueOf(instrument.toUpperCase(Locale.ROOT))).itemCount();
        } catch (IllegalArgumentException unknown) {
            return 0; // the converter names the unknown instrument
        }
    }

    /** The instrument a questionnaire canonical URL names, by its last path segment or LOINC code. */
    static String instrumentOf(String canonical) {
        if (canonical == null) {
            return null;
        }
        String url = canonical.split("\\|")[0];
        String last = url.substring(url.lastIndexOf('/') + 1);
        if (LOINC.containsKey(last)) {
            return LOINC.get(last);
        }
        String key = last.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
        return Arrays.asList("CARE", "WAI_SR", "SCS_SF", "BAM", "CRAVING", "PHQ9", "GAD7").stream()
                .filter(name -> name.replace("_", "").equals(key)).findFirst().orElse(null);
    }

    private static List<String> items(JsonNode response, int count, ResourceMapping m) {
        List<JsonNode> flat = new ArrayList<>();
        flatten(response.path("item"), flat);
        List<String> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            items.add(null);
        }
        for (JsonNode item : flat) {
            String linkId = text(item, "linkId");
            Matcher number = ITEM_NUMBER.matcher(linkId == null ? "" : linkId);
            if (!number.matches()) {
                m.problem("item", "linkId '" + linkId + "' is not an item number");
                continue;
            }
            int n = Integer.parseInt(number.group(1));
            String field = "items[" + (n - 1) + "]";
            if (n < 1) {
                m.problem(field, "linkId '" + linkId + "' is not an item number (they start at 1)");
            } else if (n > items.size()) {
                while (items.size() < n) {
                    items.add(null); // the converter reports the wrong item count
                }
            }
            if (n >= 1) {
                items.set(n - 1, answer(item.path("answer").path(0), field, m));
            }
        }
        return items;
    }

    private static void flatten(JsonNode items, List<JsonNode> out) {
        for (JsonNode item : items) {
            if (item.has("answer") || !item.has("item")) {
                out.add(item);
            }
            flatten(item.path("item"), out);
            for (JsonNode answer : item.path("answer")) {
                flatten(answer.path("item"), out);
            }
        }
    }

    /** valueInteger, an integral valueDecimal, a numeric valueString, or a coding's ordinal value or code. */
    private static String answer(JsonNode answer, String field, ResourceMapping m) {
        if (answer.isMissingNode()) {
            return null;
        }
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
            String ordinal = extension(coding, FhirCodes.ORDINAL_VALUE);
            JsonNode ordinalDecimal = ordinalDecimal(coding);
            if (ordinalDecimal != null) {
                return Long.toString((long) ordinalDecimal.asDouble());
            }
            String code = ordinal != null ? ordinal : text(coding, "code");
            if (code != null && DIGITS.matcher(code).matches()) {
                return code;
            }
        }
        m.problem(field, "the answer is not a whole number (valueInteger, or a coding with an ordinalValue)");
        return null;
    }

    private static JsonNode ordinalDecimal(JsonNode coding) {
        for (JsonNode ext : coding.path("extension")) {
            if (FhirCodes.ORDINAL_VALUE.equals(text(ext, "url")) && ext.path("valueDecimal").isNumber()) {
                return ext.get("valueDecimal");
            }
        }
        return null;
    }
}
