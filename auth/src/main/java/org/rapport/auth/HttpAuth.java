package org.rapport.auth;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Bearer-token authentication and permission checks for Javalin routes. Every refusal answers 401
 * (no or unknown token) or 403 (a known caller asking for something its role does not allow) as
 * {@code {"error": "..."}} and is recorded in the {@link DeniedRequestLog}.
 *
 * <p>Use {@link #install(Javalin)} once per app, then either a before-handler from
 * {@link #requiring(Predicate, String)} or the {@link #require(Context, Predicate, String)} call inside a
 * handler (for checks that depend on the request, such as the clinic of a posted event).
 */
public final class HttpAuth {

    /** The context attribute that holds the authenticated {@link Principal}. */
    public static final String PRINCIPAL_ATTRIBUTE = "rapport.principal";
    private static final String BEARER = "bearer ";

    private final TokenStore tokens;
    private final DeniedRequestLog deniedLog;
    private final Clock clock;

    public HttpAuth(TokenStore tokens, DeniedRequestLog deniedLog, Clock clock) {
        this.tokens = Objects.requireNonNull(tokens);
        this.deniedLog = Objects.requireNonNull(deniedLog);
        this.clock = Objects.requireNonNull(clock);
    }

    /** Logs refusals to the {@code rapport.audit} logger. */
    public static HttpAuth of(TokenStore tokens) {
        return new HttpAuth(tokens, DeniedRequestLog.slf4j(), Clock.systemUTC());
    }

    /** Renders {@link AuthFailure} as a JSON error; harmless to call more than once. */
    public void install(Javalin app) {
        app.exception(AuthFailure.class, (failure, ctx) -> {
            if (failure.status() == 401) {
                ctx.header("WWW-Authenticate", "Bearer realm=\"rapport\"");
            }
            ctx.status(failure.status()).json(Map.of("error", failure.getMessage()));
        });
    }

    /**
     * The caller, or a 401 when the request has no valid bearer token. Whatever the outcome, the answer to a request
     * that needs a token is marked {@code Cache-Control: no-store}: it is for this caller only.
     */
    public Principal authenticate(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        Principal known = ctx.attribute(PRINCIPAL_ATTRIBUTE);
        if (known != null) {
            return known;
        }
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            throw deny(ctx, null, 401, "no bearer token");
        }
        if (header.length() <= BEARER.length() || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw deny(ctx, null, 401, "Authorization is not a bearer token");
        }
        Principal principal = tokens.authenticate(header.substring(BEARER.length()))
                .orElseThrow(() -> deny(ctx, null, 401, "unknown token"));
        ctx.attribute(PRINCIPAL_ATTRIBUTE, principal);
        return principal;
    }

    /**
     * The caller, after checking that {@code rule} allows it; 401 or 403 otherwise.
     *
     * @param what what the rule demands, for the error and the audit log (e.g. "a clinic or admin token")
     */
    public Principal require(Context ctx, Predicate<Principal> rule, String what) {
        Principal principal = authenticate(ctx);
        if (!rule.test(principal)) {
            throw forbidden(ctx, principal, "requires " + what);
        }
        return principal;
    }

    /** A before-handler version of {@link #require(Context, Predicate, String)}. */
    public Handler requiring(Predicate<Principal> rule, String what) {
        return ctx -> require(ctx, rule, what);
    }

    /** Records a 403 for a known caller and returns the failure to throw; the reason is both logged and answered. */
    public AuthFailure forbidden(Context ctx, Principal principal, String reason) {
        return deny(ctx, principal, 403, reason, reason);
    }

    /**
     * A 403 whose answer tells the caller more than the audit log keeps: {@code answer} may quote what the caller
     * sent (its own data, e.g. the clinic of a posted event); {@code auditReason} must not, since the audit log never
     * holds anything from a payload.
     */
    public AuthFailure forbidden(Context ctx, Principal principal, String auditReason, String answer) {
        return deny(ctx, principal, 403, auditReason, answer);
    }

    private AuthFailure deny(Context ctx, Principal principal, int status, String reason) {
        return deny(ctx, principal, status, reason, reason);
    }

    private AuthFailure deny(Context ctx, Principal principal, int status, String auditReason, String answer) {
        deniedLog.denied(new DeniedRequest(clock.instant(), principal == null ? "anonymous" : principal.name(),
                ctx.method().name(), ctx.path(), status, auditReason, ctx.ip()));
        return new AuthFailure(status, status == 401 ? "unauthorized: " + answer : "forbidden: " + answer);
    }
}
