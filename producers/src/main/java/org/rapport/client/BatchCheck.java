package org.rapport.client;

import java.util.ArrayList;
import java.util.List;
import org.rapport.validation.FieldError;

/** A converted batch: the records ready for Kafka and, for the all-or-nothing rule, every rejection. */
public record BatchCheck(List<Outgoing> accepted, List<Rejection> rejections) {

    public BatchCheck {
        accepted = List.copyOf(accepted);
        rejections = List.copyOf(rejections);
    }

    /** Converts every event, numbering rejections by position in the list. */
    public static BatchCheck of(List<IncomingEvent> events, EventConverter converter) {
        List<Outgoing> accepted = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            Converted c = converter.convert(events.get(i));
            if (c.isOk()) {
                accepted.add(c.outgoing());
            } else {
                for (FieldError e : c.errors()) {
                    rejections.add(new Rejection(i, e.field(), e.problem()));
                }
            }
        }
        return new BatchCheck(accepted, rejections);
    }

    public boolean allValid() {
        return rejections.isEmpty();
    }
}
