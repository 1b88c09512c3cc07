package org.rapport.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Creates one token per role for the demo (SPEC §6): the tokens are returned so the caller can print
 * them once; only their hashes are written to the file.
 */
public final class DemoTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private DemoTokens() {
    }

    /**
     * Writes a tokens file with a clinic, a director, a researcher and an admin token, unless the file
     * exists already.
     *
     * @return role text → token (in that order), or an empty map when the file already existed
     */
    public static Map<String, String> createIfMissing(Path file, String clinicId, Set<String> directorPrograms) {
        if (Files.exists(file)) {
            return Map.of();
        }
        Map<String, Role> roles = new LinkedHashMap<>();
        roles.put("demo-clinic", Role.clinic(clinicId));
        roles.put("demo-director", Role.director(directorPrograms));
        roles.put("demo-researcher", Role.researcher());
        roles.put("demo-admin", Role.admin());

        Map<String, String> tokens = new LinkedHashMap<>();
        List<TokenEntry> entries = new ArrayList<>();
        roles.forEach((name, role) -> {
            String token = newToken();
            tokens.put(role.toString(), token);
            entries.add(new TokenEntry(name, TokenStore.sha256Hex(token), role.toString()));
        });
        TokenStore.of(entries).save(file);
        restrictToOwner(file);
        return tokens;
    }

    /** A fresh random token: 32 bytes from a SecureRandom, URL-safe base64, with a recognisable prefix. */
    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "rpt_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void restrictToOwner(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the hashes are harmless anyway.
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
