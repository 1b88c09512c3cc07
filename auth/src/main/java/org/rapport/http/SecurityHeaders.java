package org.rapport.http;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.HandlerWrapper;

/**
 * The headers every answer of a Rapport server carries, whatever route (or error) produced it. The dashboard loads
 * only its own script, styles and the ECharts WebJar from the same origin, so the policy allows nothing else:
 * no inline script, no framing, no other origin to connect to, no referrer leaving the page.
 */
public final class SecurityHeaders extends HandlerWrapper {

    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    /** Header → value, in the order they are set. */
    public static final Map<String, String> HEADERS = Map.of(
            "Content-Security-Policy", CONTENT_SECURITY_POLICY,
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY",
            "Referrer-Policy", "no-referrer",
            "Cross-Origin-Opener-Policy", "same-origin",
            "Cross-Origin-Resource-Policy", "same-origin");

    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        HEADERS.forEach(response::setHeader);
        super.handle(target, baseRequest, request, response);
    }

    /** For answers Jetty writes before any handler runs (a request it cannot parse). */
    static void addTo(HttpFields.Mutable fields) {
        HEADERS.forEach(fields::put);
    }
}
