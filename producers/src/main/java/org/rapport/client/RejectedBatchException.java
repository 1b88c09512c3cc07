package org.rapport.client;

import java.util.List;

/** A batch with at least one invalid event: nothing of it was written. */
public final class RejectedBatchException extends RuntimeException {

    private final List<Rejection> rejections;

    public RejectedBatchException(List<Rejection> rejections) {
        super(rejections.size() + " problem(s) in the batch, first: event " + rejections.get(0).index() + " "
                + rejections.get(0).field() + " " + rejections.get(0).problem());
        this.rejections = List.copyOf(rejections);
    }

    public List<Rejection> rejections() {
        return rejections;
    }
}
