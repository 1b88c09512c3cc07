package org.rapport.streams.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The OpenAPI document served at /openapi.json covers ingestion too, and every reference in it resolves. */
class OpenApiDocumentTest {

    private static JsonNode document() throws Exception {
        try (InputStream in = QueryRoutes.class.getResourceAsStream("openapi.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void ingestionEndpointsAreDescribed() throws Exception {
        JsonNode paths = document().path("paths");

        assertThat(paths.path("/v1/events").has("post")).isTrue();
        assertThat(paths.path("/v1/fhir").path("post").path("responses").has("415")).isTrue();
        assertThat(paths.path("/v1/events").path("post").path("responses").has("422")).isTrue();
        assertThat(paths.path("/v1/clinics/{clinicId}/pseudonym").has("get")).isTrue();
        assertThat(document().at("/components/schemas/ProgramSummary/properties").has("name")).isTrue();
    }

    @Test
    void theEventSchemaHasEveryTypeOfSpecSection2WithTheTrainingFields() throws Exception {
        JsonNode event = document().at("/components/schemas/Event/properties");

        assertThat(event.path("type").path("enum")).extracting(JsonNode::asText)
                .containsExactly("episode", "session", "attendance", "survey", "training", "tick");
        assertThat(event.path("curriculum").path("enum")).extracting(JsonNode::asText).containsExactly("EMPATHY",
                "MOTIVATIONAL_INTERVIEWING", "COMPASSION_FOCUSED", "PEER_SUPPORT", "TRAUMA_INFORMED", "OTHER");
        assertThat(event.path("hours").path("minimum").asDouble()).isEqualTo(0.5);
        assertThat(event.path("hours").path("maximum").asDouble()).isEqualTo(200);
        assertThat(event.has("training_id")).isTrue();
    }

    @Test
    void trainingEffectsAreDescribedForResearchersAndForTheProgramsDirector() throws Exception {
        JsonNode doc = document();
        JsonNode research = doc.at("/paths/~1v1~1research~1training-effects/get");
        JsonNode program = doc.at("/paths/~1v1~1programs~1{id}~1training-effects/get");

        assertThat(research.path("parameters")).extracting(p -> p.path("name").asText())
                .containsExactly("curriculum", "program");
        assertThat(research.path("description").asText()).contains("parallel trends").contains("fewer than 3");
        assertThat(program.path("parameters")).extracting(p -> p.path("name").asText()).containsExactly("id");
        JsonNode row = doc.at("/components/schemas/ResearchTrainingEffect/properties");
        for (String field : List.of("training_id", "curriculum", "counselors", "first_completed", "last_completed",
                "complete", "care_before_n", "care_before", "care_after_n", "care_after", "care_change", "care_ci_low",
                "care_ci_high", "care_comparison_change", "care_did", "wai_did", "attendance_did", "dropout_did",
                "caveat", "suppressed", "suppressed_fields")) {
            assertThat(row.has(field)).as(field).isTrue();
        }
        assertThat(doc.at("/components/schemas/TrainingEffect/properties").has("suppressed")).isFalse();
    }

    @Test
    void everyReferenceResolves() throws Exception {
        JsonNode doc = document();
        List<String> refs = new ArrayList<>();
        collect(doc, refs);

        assertThat(refs).isNotEmpty().allSatisfy(ref -> assertThat(doc.at(ref.substring(1)).isMissingNode())
                .as(ref).isFalse());
    }

    private static void collect(JsonNode node, List<String> refs) {
        if (node.isObject() && node.has("$ref")) {
            refs.add(node.get("$ref").asText());
        }
        node.forEach(child -> collect(child, refs));
    }
}
