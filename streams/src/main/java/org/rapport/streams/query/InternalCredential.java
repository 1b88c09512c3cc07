package org.rapport.streams.query;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.rapport.config.RapportConfig;

/**
 * What one instance shows another to read raw (unsuppressed) research tables through the internal endpoint: a
 * research answer is suppressed over the whole table, so the instance that builds it needs every instance's raw
 * rows, which no token may read. The value is {@code query.internal.secret}, else derived from
 * {@code pseudonym.secret} (HMAC-SHA256 with a label of its own, so it reveals nothing of the pseudonym key); every
 * instance of an application shares both. Without either, a random value per JVM serves one instance alone.
 */
public final class InternalCredential {

    public static final String HEADER = "X-Rapport-Internal";
    private static final String LABEL = "rapport internal query credential v1";
    private static final String RANDOM = HexFormat.of().formatHex(randomBytes());

    private final String value;

    private InternalCredential(String value) {
        this.value = value;
    }

    public static InternalCredential from(RapportConfig config) {
        if (config.isSet("query.internal.secret")) {
            return new InternalCredential(config.string("query.internal.secret"));
        }
        if (config.isSet("pseudonym.secret")) {
            return new InternalCredential(hmac(config.string("pseudonym.secret")));
        }
        return new InternalCredential(RANDOM);
    }

    public String value() {
        return value;
    }

    /** Constant-time comparison with what a request carried. */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }

    private static String hmac(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(LABEL.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
