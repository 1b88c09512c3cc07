package org.rapport.ingest.privacy;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.rapport.config.RapportConfig;

/**
 * Turns a clinic's own record number into the pseudonym that enters Kafka (SPEC §2): {@code client_id} =
 * the first 16 bytes, lower-case hex, of HMAC-SHA256(key = UTF-8 secret, message = UTF-8 of
 * {@code clinic_id + ":" + client_ref}). One-way: nothing in Rapport maps a pseudonym back.
 */
public final class Pseudonymizer {

    private static final String ALGORITHM = "HmacSHA256";
    private static final int PSEUDONYM_BYTES = 16;

    private final SecretKeySpec key;

    public Pseudonymizer(String secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("the pseudonym secret is empty; set RAPPORT_PSEUDONYM_SECRET");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    /** From {@code pseudonym.secret}; fails clearly when it is not set. */
    public static Pseudonymizer fromConfig(RapportConfig config) {
        if (!config.isSet("pseudonym.secret")) {
            throw new IllegalStateException("pseudonym.secret is not set (RAPPORT_PSEUDONYM_SECRET): "
                    + "client record numbers cannot be pseudonymised without it");
        }
        return new Pseudonymizer(config.string("pseudonym.secret"));
    }

    /** The client_id of {@code clientRef} at {@code clinicId}: 32 lower-case hex characters. */
    public String clientId(String clinicId, String clientRef) {
        Objects.requireNonNull(clinicId, "clinicId");
        Objects.requireNonNull(clientRef, "clientRef");
        try {
            Mac mac = Mac.getInstance(ALGORITHM); // a Mac is not thread-safe: one per call is cheap enough
            mac.init(key);
            byte[] digest = mac.doFinal((clinicId + ":" + clientRef).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(Arrays.copyOf(digest, PSEUDONYM_BYTES));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JVM", e);
        }
    }
}
