package org.rapport.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Period;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Rapport's configuration: one immutable map of settings built in layers, lowest precedence first:
 * the defaults in {@code rapport-defaults.properties} (which list every key), an optional properties
 * file, environment variables ({@code RAPPORT_} + the key upper-cased with '.' and '-' as '_'), and
 * explicit overrides (command-line flags).
 *
 * <p>Only keys present in the defaults exist; asking for any other key is a programming error, so a
 * typo fails fast instead of silently falling back to a default.
 */
public final class RapportConfig {

    /** Environment variable naming an optional properties file. */
    public static final String CONFIG_FILE_ENV = "RAPPORT_CONFIG";
    private static final String DEFAULTS_RESOURCE = "/rapport-defaults.properties";
    private static final List<String> SECRET_WORDS = List.of("secret", "password", "token.value");

    private final Map<String, String> values;

    private RapportConfig(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /** Defaults only: handy for tests. */
    public static RapportConfig defaults() {
        return new RapportConfig(loadDefaults());
    }

    /**
     * Builds the layered configuration.
     *
     * @param file      optional properties file (null = {@code RAPPORT_CONFIG} if set, else none)
     * @param env       the environment (normally {@link System#getenv()})
     * @param overrides highest-precedence values, e.g. from CLI flags; null values are ignored
     */
    public static RapportConfig load(Path file, Map<String, String> env, Map<String, String> overrides) {
        Map<String, String> merged = loadDefaults();
        Path effectiveFile = file != null ? file
                : env.get(CONFIG_FILE_ENV) != null && !env.get(CONFIG_FILE_ENV).isBlank()
                        ? Path.of(env.get(CONFIG_FILE_ENV)) : null;
        if (effectiveFile != null) {
            readFile(effectiveFile).forEach((k, v) -> putKnown(merged, k, v, "file " + effectiveFile));
        }
        for (String key : List.copyOf(merged.keySet())) {
            String fromEnv = env.get(envName(key));
            if (fromEnv != null) {
                merged.put(key, fromEnv.trim());
            }
        }
        overrides.forEach((k, v) -> {
            if (v != null) {
                putKnown(merged, k, v, "override");
            }
        });
        return new RapportConfig(merged);
    }

    /** A copy with some values replaced (keys must exist). */
    public RapportConfig with(Map<String, String> overrides) {
        Map<String, String> merged = new TreeMap<>(values);
        overrides.forEach((k, v) -> putKnown(merged, k, v, "override"));
        return new RapportConfig(merged);
    }

    public RapportConfig with(String key, String value) {
        return with(Map.of(key, value));
    }

    /** The environment variable that sets {@code key}. */
    public static String envName(String key) {
        return "RAPPORT_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public String string(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException("Unknown configuration key '" + key + "'");
        }
        return value;
    }

    /** Blank settings mean "not set". */
    public boolean isSet(String key) {
        return !string(key).isBlank();
    }

    public int integer(String key) {
        return parse(key, Integer::parseInt);
    }

    public long longValue(String key) {
        return parse(key, Long::parseLong);
    }

    public double decimal(String key) {
        return parse(key, Double::parseDouble);
    }

    public boolean bool(String key) {
        String v = string(key).trim().toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException(key + " must be true or false, got '" + v + "'");
        }
        return v.equals("true");
    }

    /** ISO-8601 duration; day-based periods such as {@code P30D} are accepted too. */
    public Duration duration(String key) {
        return parse(key, v -> v.toUpperCase(Locale.ROOT).contains("T") ? Duration.parse(v)
                : Duration.ofDays(Period.parse(v).getDays()));
    }

    public List<Integer> integers(String key) {
        return parse(key, v -> Arrays.stream(v.split(",")).map(String::trim).map(Integer::parseInt).toList());
    }

    public Path path(String key) {
        return Path.of(string(key));
    }

    /** All settings, secrets masked: printed at start-up. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        values.forEach((k, v) -> out.append("  ").append(k).append(" = ")
                .append(isSecret(k) && !v.isBlank() ? "****" : v).append('\n'));
        return out.toString();
    }

    public Map<String, String> asMap() {
        return values;
    }

    private static boolean isSecret(String key) {
        return SECRET_WORDS.stream().anyMatch(key::contains);
    }

    private <T> T parse(String key, java.util.function.Function<String, T> parser) {
        String raw = string(key).trim();
        try {
            return parser.apply(raw);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Configuration " + key + " = '" + raw + "' is not valid: " + e.getMessage(), e);
        }
    }

    private static void putKnown(Map<String, String> target, String key, String value, String source) {
        if (!target.containsKey(key)) {
            List<String> known = new ArrayList<>(target.keySet());
            throw new IllegalArgumentException("Unknown configuration key '" + key + "' in " + source
                    + "; known keys: " + known);
        }
        target.put(key, value.trim());
    }

    private static Map<String, String> loadDefaults() {
        try (InputStream in = RapportConfig.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS_RESOURCE + " missing from the classpath");
            }
            Properties p = new Properties();
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, String> map = new TreeMap<>();
            p.stringPropertyNames().forEach(k -> map.put(k, p.getProperty(k).trim()));
            return map;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> readFile(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Properties p = new Properties();
            p.load(reader);
            Map<String, String> map = new TreeMap<>();
            p.stringPropertyNames().forEach(k -> map.put(k, p.getProperty(k)));
            return map;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read configuration file " + file, e);
        }
    }
}
