package org.rapport.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's own error answers (a request line or header it cannot parse, headers too large, a body too slow) as
 * {@code {"error": "<reason phrase>"}} instead of an HTML page. The reason is Jetty's standard phrase for the status
 * only: Jetty's detail messages can quote the request.
 */
final class JsonErrorHandler extends ErrorHandler {

    JsonErrorHandler() {
        setShowStacks(false);
        setShowServlet(false);
    }

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
                                              HttpServletResponse response, int code, String message) throws IOException {
        SecurityHeaders.HEADERS.forEach(response::setHeader);
        response.setContentType("application/json");
        byte[] body = body(code);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        if (HttpStatus.hasNoBody(status)) {
            return ByteBuffer.allocate(0);
        }
        SecurityHeaders.addTo(fields);
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(body(status));
    }

    private static byte[] body(int status) {
        String phrase = HttpStatus.getMessage(status);
        return ("{\"error\":\"" + (phrase == null ? "error " + status : phrase.toLowerCase(java.util.Locale.ROOT))
                + "\"}").getBytes(StandardCharsets.UTF_8);
    }
}
