package org.rapport.ingest.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/** Reads a JSON request body with a size limit, answering 413 and 400 without echoing the body. */
final class BodyReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final long maxBytes;

    BodyReader(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    JsonNode readJson(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            throw tooLarge();
        }
        byte[] body;
        try (InputStream in = ctx.req().getInputStream()) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        } catch (IOException e) {
            throw new HttpProblem(400, "the request body could not be read");
        }
        if (body.length > maxBytes) {
            throw tooLarge();
        }
        if (body.length == 0) {
            throw new HttpProblem(400, "the request body is empty; expected JSON");
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            if (looksLikeXml(body)) {
                throw xmlNotSupported();
            }
            // The location only: Jackson's message would quote the payload.
            var at = e.getLocation();
            throw new HttpProblem(400, "unreadable JSON" + (at == null ? ""
                    : " at line " + at.getLineNr() + ", column " + at.getColumnNr()));
        } catch (IOException e) {
            throw new HttpProblem(400, "unreadable JSON");
        }
    }

    /** 415 for FHIR XML (or any XML): Rapport reads FHIR JSON only (producers/README.md says why). */
    static HttpProblem xmlNotSupported() {
        return new HttpProblem(415, "FHIR XML is not supported: send FHIR JSON (Content-Type application/fhir+json); "
                + "most EHRs export JSON, and the HAPI FHIR CLI converts XML");
    }

    private static boolean looksLikeXml(byte[] body) {
        for (byte b : body) {
            if (b == '<') {
                return true;
            }
            if (!Character.isWhitespace(b) && b != (byte) 0xEF && b != (byte) 0xBB && b != (byte) 0xBF) {
                return false;
            }
        }
        return false;
    }

    private HttpProblem tooLarge() {
        return new HttpProblem(413, "the request body is larger than " + maxBytes
                + " bytes (ingest.max.body.bytes); send smaller batches");
    }
}
