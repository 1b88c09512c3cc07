package org.rapport.serde;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.rapport.registry.client.HttpSchemaRegistryClient;
import org.rapport.registry.client.InMemorySchemaRegistryClient;
import org.rapport.registry.client.SchemaRegistryClient;

/** Reads the serde settings from a Kafka-style {@code configure(Map, isKey)} map. */
final class RegistryConfigs {

    private RegistryConfigs() {
    }

    static boolean autoRegister(Map<String, ?> configs) {
        Object value = configs.get(SpecificAvroSerde.AUTO_REGISTER_SCHEMAS);
        if (value == null) {
            return true;
        }
        String text = value.toString().trim();
        if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
            throw new ConfigException(SpecificAvroSerde.AUTO_REGISTER_SCHEMAS, value, "must be true or false");
        }
        return Boolean.parseBoolean(text);
    }

    static SchemaRegistryClient client(Map<String, ?> configs) {
        Object urls = configs.get(SpecificAvroSerde.SCHEMA_REGISTRY_URL);
        if (urls == null || urls.toString().isBlank()) {
            throw new ConfigException("Missing " + SpecificAvroSerde.SCHEMA_REGISTRY_URL
                    + ": the Avro serde needs a schema registry (or a SchemaRegistryClient in its constructor)");
        }
        if (urls.toString().startsWith(InMemorySchemaRegistryClient.URL_SCHEME)) {
            return InMemorySchemaRegistryClient.named(urls.toString().substring(InMemorySchemaRegistryClient.URL_SCHEME.length()));
        }
        return new HttpSchemaRegistryClient(urls.toString(),
                millis(configs, SpecificAvroSerde.CONNECT_TIMEOUT_MS, HttpSchemaRegistryClient.DEFAULT_CONNECT_TIMEOUT),
                millis(configs, SpecificAvroSerde.REQUEST_TIMEOUT_MS, HttpSchemaRegistryClient.DEFAULT_REQUEST_TIMEOUT));
    }

    private static Duration millis(Map<String, ?> configs, String key, Duration fallback) {
        Object value = configs.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            return Duration.ofMillis(Long.parseLong(value.toString().trim()));
        } catch (NumberFormatException e) {
            throw new ConfigException(key, value, "must be a number of milliseconds");
        }
    }
}
