package org.rapport.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where refused requests are recorded; the default writes them to the {@code rapport.audit} logger. */
@FunctionalInterface
public interface DeniedRequestLog {

    void denied(DeniedRequest request);

    /** Logs each refusal at WARN on the logger {@code rapport.audit}. */
    static DeniedRequestLog slf4j() {
        Logger audit = LoggerFactory.getLogger("rapport.audit");
        return request -> audit.warn(request.toLogLine());
    }
}
