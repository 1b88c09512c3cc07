package org.rapport.ingest.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.rapport.client.IncomingEvent;

/**
 * Reads Rapport's JSON event form (SPEC §2): an object per event, or an array of them. Scalars are kept
 * as text for the converter; anything of the wrong JSON shape is recorded as a problem of that field,
 * so one bad field never hides the others.
 */
public final class JsonEvents {

    private JsonEvents() {
    }

    /** One event per element of an array, or the single object. */
    public static List<IncomingEvent> fromBody(JsonNode body) {
        List<IncomingEvent> events = new ArrayList<>();
        if (body.isArray()) {
            body.forEach(node -> events.add(fromNode(node)));
        } else {
            events.add(fromNode(body));
        }
        return events;
    }

    public static IncomingEvent fromNode(JsonNode node) {
        if (!node.isObject()) {
            return IncomingEvent.builder(null).problem("", "an event must be a JSON object").build();
        }
        IncomingEvent.Builder b = new IncomingEvent.Builder();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (name.equals("items")) {
                items(b, value);
            } else if (value.isNull()) {
                b.set(name, null);
            } else if (value.isValueNode()) {
                b.set(name, value.asText());
            } else {
                b.problem(name, "must be a single value, not " + (value.isArray() ? "an array" : "an object"));
            }
        }
        return b.build();
    }

    private static void items(IncomingEvent.Builder b, JsonNode value) {
        if (value.isNull()) {
            return;
        }
        if (!value.isArray()) {
            b.problem("items", "must be an array of whole numbers or nulls");
            return;
        }
        List<String> items = new ArrayList<>();
        int i = 0;
        for (JsonNode item : (ArrayNode) value) {
            if (item.isNull()) {
                items.add(null);
            } else if (item.isIntegralNumber() && item.canConvertToInt()) {
                items.add(Integer.toString(item.intValue()));
            } else {
                b.problem("items[" + i + "]", "must be a whole number or null, got " + item);
                items.add(null);
            }
            i++;
        }
        b.items(items);
    }
}
