package org.rapport.ingest.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Small readers over FHIR R4 JSON resources. */
final class FhirResources {

    private static final java.util.regex.Pattern DATE = java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private FhirResources() {
    }

    /** The text of a non-blank field, or null. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.asText().isBlank() ? value.asText().strip() : null;
    }

    /** The value of the extension with this URL as text (valueString, valueCode, valueId, valueReference …). */
    static String extension(JsonNode resource, String url) {
        for (JsonNode ext : resource.path("extension")) {
            if (url.equals(text(ext, "url"))) {
                for (String key : new String[] {"valueString", "valueCode", "valueId", "valueInteger"}) {
                    if (text(ext, key) != null) {
                        return text(ext, key);
                    }
                }
                if (ext.has("valueCoding")) {
                    return text(ext.get("valueCoding"), "code");
                }
                if (ext.has("valueIdentifier")) {
                    return text(ext.get("valueIdentifier"), "value");
                }
                if (ext.has("valueReference")) {
                    return referenceKey(ext.get("valueReference"));
                }
            }
        }
        return null;
    }

    /** The extension with this URL (its whole node), or a missing node. */
    static JsonNode extensionNode(JsonNode resource, String url) {
        for (JsonNode ext : resource.path("extension")) {
            if (url.equals(text(ext, "url"))) {
                return ext;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /** The code of the first coding of {@code concept} (a CodeableConcept, or an array of them) in the system. */
    static String code(JsonNode concepts, String system) {
        Iterable<JsonNode> all = concepts.isArray() ? concepts : java.util.List.of(concepts);
        for (JsonNode concept : all) {
            for (JsonNode coding : concept.path("coding")) {
                if (system.equals(text(coding, "system"))) {
                    return text(coding, "code");
                }
            }
        }
        return null;
    }

    /**
     * What identifies the target of a Reference for Rapport: its identifier value when the reference is
     * logical, else the id part of {@code Type/id} (also of absolute URLs and {@code _history}).
     */
    static String referenceKey(JsonNode reference) {
        String identifier = text(reference.path("identifier"), "value");
        if (identifier != null) {
            return identifier;
        }
        String ref = text(reference, "reference");
        if (ref == null) {
            return null;
        }
        int history = ref.indexOf("/_history/");
        if (history >= 0) {
            ref = ref.substring(0, history);
        }
        int slash = ref.lastIndexOf('/');
        return slash >= 0 ? ref.substring(slash + 1) : ref;
    }

    /**
     * A reference in its relative form {@code Type/id} ({@code _history} and a server base dropped), or null for
     * references that have none ({@code urn:uuid:…}, {@code #contained}).
     */
    static String localReference(String reference) {
        if (reference == null || reference.startsWith("urn:") || reference.startsWith("#")) {
            return null;
        }
        String ref = reference;
        int history = ref.indexOf("/_history/");
        if (history >= 0) {
            ref = ref.substring(0, history);
        }
        String[] parts = ref.split("/");
        if (parts.length < 2 || parts[parts.length - 2].isEmpty()
                || !Character.isUpperCase(parts[parts.length - 2].charAt(0))) {
            return null;
        }
        return parts[parts.length - 2] + "/" + parts[parts.length - 1];
    }

    /** The resource type a reference points at, when its text says so ({@code Patient/12}). */
    static String referenceType(JsonNode reference) {
        String type = text(reference, "type");
        if (type != null) {
            return type;
        }
        String ref = text(reference, "reference");
        if (ref == null || ref.startsWith("urn:")) {
            return null;
        }
        String[] parts = ref.split("/");
        for (int i = parts.length - 2; i >= 0; i--) {
            if (!parts[i].isEmpty() && Character.isUpperCase(parts[i].charAt(0)) && !parts[i].equals("_history")) {
                return parts[i];
            }
        }
        return null;
    }

    /**
     * A stable event_id for a resource (and which of its events): a name-based UUID of
     * type/id/version, so a resent resource deduplicates and a new version counts as a correction.
     */
    static String eventId(String resourceType, String identity, String version, String part) {
        String name = "fhir:" + resourceType + "/" + identity + "/_history/" + (version == null ? "" : version)
                + "#" + part;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** A FHIR date or dateTime as an instant text; a bare date means its start, UTC. */
    static String instant(String dateTime) {
        if (dateTime == null) {
            return null;
        }
        return DATE.matcher(dateTime).matches() ? dateTime + "T00:00:00Z" : dateTime;
    }
}
