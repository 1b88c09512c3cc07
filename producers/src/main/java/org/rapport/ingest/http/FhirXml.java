package org.rapport.ingest.http;

import java.util.Locale;
import org.rapport.http.HttpError;

/** Rapport reads FHIR JSON only (producers/README.md says why): XML, declared or not, gets a clear 415. */
final class FhirXml {

    private FhirXml() {
    }

    /** A Content-Type such as {@code application/fhir+xml} or {@code text/xml}. */
    static boolean declared(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).contains("xml");
    }

    /** A body whose first character, after white space and a byte-order mark, is {@code <}. */
    static boolean looksLikeXml(byte[] body) {
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

    static HttpError notSupported() {
        return new HttpError(415, "FHIR XML is not supported: send FHIR JSON (Content-Type application/fhir+json); "
                + "most EHRs export JSON, and the HAPI FHIR CLI converts XML");
    }
}
