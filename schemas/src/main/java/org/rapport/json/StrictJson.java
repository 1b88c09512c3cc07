package org.rapport.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one way Rapport reads JSON that comes from outside (HTTP bodies, JSON lines and FHIR files): strictly. Only
 * one JSON value per document ({@code [..][..]} is refused, not cut after the first array), and a key at most
 * once per object (no "last one wins" between two {@code clinic_id}s). Jackson's other defaults are strict already
 * (no comments, single quotes, trailing commas, NaN; nesting, string and number sizes bounded).
 */
public final class StrictJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    private StrictJson() {
    }

    /** A shared, thread-safe strict mapper; don't reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * What is wrong with a document, for an answer or a report: the kind of problem and where, never the document's
     * text (Jackson's own messages quote it, and it may hold a record number).
     */
    public static String problem(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        return at == null ? kind(e) : kind(e) + " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    /** {@link #problem} for a document that is one line of a file (JSON lines): the column only. */
    public static String problemInLine(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        return at == null ? kind(e) : kind(e) + " at column " + at.getColumnNr();
    }

    private static String kind(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (message.startsWith("Duplicate field") || message.startsWith("Duplicate Object property")) {
            return "unreadable JSON: a key appears twice in one object";
        } else if (e instanceof MismatchedInputException && message.startsWith("Trailing token")) {
            return "unreadable JSON: more than one JSON value (only one object or one array is allowed)";
        }
        return "unreadable JSON";
    }
}
