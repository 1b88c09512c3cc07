package org.rapport.auth;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.rapport.validation.Ids;

/**
 * The bearer tokens a deployment accepts, read from a YAML list of {@code {name, sha256, role}}.
 * Only hashes are kept, so the file (and a memory dump) never reveals a usable token.
 */
public final class TokenStore {

    private static final int MAX_NAME_LENGTH = 64;
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER))
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final List<TokenEntry> entries;
    private final Map<String, Principal> byHash;

    private TokenStore(List<TokenEntry> entries) {
        this.entries = List.copyOf(entries);
        Map<String, Principal> map = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            TokenEntry e = entries.get(i);
            String where = "token entry " + (i + 1) + (e.name() == null ? "" : " '" + e.name() + "'");
            if (e.name() == null || e.name().isBlank()) {
                throw new IllegalArgumentException(where + ": name is missing");
            }
            // The name is written into every audit line about this token.
            int number = i + 1;
            Ids.printableProblem(e.name().trim(), MAX_NAME_LENGTH).ifPresent(problem -> {
                throw new IllegalArgumentException("token entry " + number + ": name " + problem);
            });
            String hash = e.sha256() == null ? "" : e.sha256().trim().toLowerCase(Locale.ROOT);
            if (!SHA256_HEX.matcher(hash).matches()) {
                throw new IllegalArgumentException(where + ": sha256 must be 64 hex digits");
            }
            Role role;
            try {
                role = Role.parse(e.role());
            } catch (IllegalArgumentException bad) {
                throw new IllegalArgumentException(where + ": " + bad.getMessage(), bad);
            }
            if (map.put(hash, new Principal(e.name().trim(), role)) != null) {
                throw new IllegalArgumentException(where + ": the same token hash appears twice");
            }
        }
        this.byHash = Map.copyOf(map);
    }

    public static TokenStore of(List<TokenEntry> entries) {
        return new TokenStore(entries);
    }

    /** Reads a tokens file; an empty file means no tokens. */
    public static TokenStore load(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            if (text.isBlank()) {
                return of(List.of());
            }
            List<TokenEntry> entries = YAML.readValue(text, new TypeReference<List<TokenEntry>>() { });
            return of(entries == null ? List.of() : entries);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read tokens file " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Tokens file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes the entries as YAML (hashes only). */
    public void save(Path file) {
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Files.writeString(file, "# Rapport bearer tokens: only their SHA-256 is stored.\n"
                    + YAML.writeValueAsString(entries), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write tokens file " + file, e);
        }
    }

    /** The caller a token belongs to, or empty for an unknown token. */
    public Optional<Principal> authenticate(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        return Optional.ofNullable(byHash.get(sha256Hex(token.trim())));
    }

    public List<TokenEntry> entries() {
        return entries;
    }

    /** A copy with one more entry. */
    public TokenStore with(TokenEntry entry) {
        List<TokenEntry> more = new java.util.ArrayList<>(entries);
        more.add(entry);
        return of(more);
    }

    /** Lower-case hex SHA-256 of the token's UTF-8 bytes: what the file stores. */
    public static String sha256Hex(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
