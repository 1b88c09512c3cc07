package org.rapport.client;

/** One problem with one event of a batch: the event's position, the field and what is wrong. */
public record Rejection(int index, String field, String problem) {
}
