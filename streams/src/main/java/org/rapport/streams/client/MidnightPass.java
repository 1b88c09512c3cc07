package org.rapport.streams.client;

import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.rapport.avro.ClientStatus;

/**
 * The visit of every client that SPEC §5.2 asks for when stream time crosses a UTC midnight, done a few clients at a
 * time instead of all at once. Done at once it held the stream thread for as long as a visit of every client takes
 * (measured: ~0.8 s for 15,890 clients), every event behind it waited that long, and a replay paid a visit of every
 * client per simulated day: cost per event growing with the number of clients. Here a cursor goes round the clients
 * in key order, a bounded number per record and per wall-clock step; a visited row depends on the latest midnight,
 * not on when in the day the visit happens, so the tables end the same.
 *
 * <p>A midnight crossed while the cursor is going round is complete once the cursor has come back to where it was
 * when that midnight was crossed: every client is then visited after it, and no client twice for it. (In a replay that
 * crosses days faster than a round, a client skips the intermediate days' {@code as_of}; its final row is the same.)
 * Two clock entries make it restart-safe: the midnight last crossed, and the last one whose pass completed — the lower
 * bound of expiry reads. The cursor lives in memory: after a restart a pass still owed starts a round from the first
 * client, and a client visited twice changes nothing.
 */
public final class MidnightPass {

    /** The latest UTC midnight at or before stream time (epoch millis). */
    static final String LAST_MIDNIGHT = "last-midnight";
    /** The latest midnight whose pass completed; absent in state written before passes were spread (then complete). */
    static final String COMPLETED = "midnight-pass-completed";

    /** What the pass does with one client. */
    interface Visit {
        void client(String clientId, ClientStatus stored);
    }

    /**
     * A midnight crossed when the cursor was in round {@code round}, just after {@code after} (null: before the
     * round's first client). Complete when the rest of that round and the next round up to {@code after} are visited.
     */
    private record Owed(long midnight, long round, String after) {
    }

    /**
     * Client ids read ahead of the cursor with one range read: a step of one client per record would otherwise open a
     * store iterator per record (measured at 10⁶ events: 9 % of the stream thread, against 2 % for the visits).
     */
    private static final int READ_AHEAD = 256;

    private final KeyValueStore<String, Long> clock;
    private final KeyValueStore<String, ClientStatus> statuses;
    private final Deque<Owed> owed = new ArrayDeque<>();
    private boolean restored;
    private long round;
    /** The last client visited in this round; null at its start. */
    private String cursor;
    /** The next clients of this round, in key order; each is read again when visited (its status may have moved). */
    private final Deque<String> ahead = new ArrayDeque<>();
    /** True when {@link #ahead} holds the last clients of this round. */
    private boolean aheadIsLast;

    MidnightPass(KeyValueStore<String, Long> clock, KeyValueStore<String, ClientStatus> statuses) {
        this.clock = clock;
        this.statuses = statuses;
    }

    /**
     * The last midnight whose pass is complete, null before the first midnight: every windowed row at or before it
     * minus its window was deleted by that pass, so reads of what expired can start there.
     */
    Long completed() {
        return completed(clock);
    }

    /** Stream time is in {@code midnight}'s day: when that day is new, every client is owed a visit. */
    void reached(long midnight) {
        Long last = clock.get(LAST_MIDNIGHT);
        if (last != null && midnight <= last) {
            return;
        }
        if (last == null) {
            // The first midnight: no client has a row to move yet.
            clock.put(COMPLETED, midnight);
            clock.put(LAST_MIDNIGHT, midnight);
            return;
        }
        restore();
        if (clock.get(COMPLETED) == null) {
            clock.put(COMPLETED, last);
        }
        clock.put(LAST_MIDNIGHT, midnight);
        owed.addLast(new Owed(midnight, round, cursor));
        // What was read ahead before this midnight misses the clients added since, who are owed this visit too.
        ahead.clear();
        aheadIsLast = false;
    }

    /** Visits up to {@code max} more clients while a pass is owed. */
    void step(int max, Visit visit) {
        restore();
        for (int visited = 0; visited < max && !owed.isEmpty(); ) {
            if (ahead.isEmpty() && !aheadIsLast) {
                readAhead();
            }
            String clientId = ahead.pollFirst();
            if (clientId != null) {
                ClientStatus stored = statuses.get(clientId);
                if (stored != null) {
                    visit.client(clientId, stored);
                    visited++;
                }
                cursor = clientId;
                completeWhatIsDone();
            }
            if (ahead.isEmpty() && aheadIsLast) {
                round++;
                cursor = null;
                aheadIsLast = false;
                completeWhatIsDone();
                return;   // a new round starts with the next step
            }
        }
    }

    private void readAhead() {
        try (KeyValueIterator<String, ClientStatus> it = cursor == null ? statuses.all()
                : statuses.range(cursor + '\0', null)) {
            while (ahead.size() < READ_AHEAD && it.hasNext()) {
                ahead.addLast(it.next().key);
            }
        }
        aheadIsLast = ahead.size() < READ_AHEAD;
    }

    private void completeWhatIsDone() {
        while (!owed.isEmpty() && isDone(owed.peekFirst())) {
            clock.put(COMPLETED, owed.removeFirst().midnight());
        }
    }

    private boolean isDone(Owed o) {
        if (round >= o.round() + 2 || (round == o.round() + 1 && o.after() == null)) {
            return true;
        }
        return round == o.round() + 1 && cursor != null && cursor.compareTo(o.after()) >= 0;
    }

    /** After a restart nothing is in memory: a pass still owed for the last midnight starts a round of its own. */
    private void restore() {
        if (restored) {
            return;
        }
        restored = true;
        if (inProgress(clock)) {
            owed.addLast(new Owed(clock.get(LAST_MIDNIGHT), round, cursor));
        }
    }

    /** True while the pass of the last midnight crossed has not visited every client (tests settle on it). */
    public static boolean inProgress(ReadOnlyKeyValueStore<String, Long> clock) {
        Long target = clock.get(LAST_MIDNIGHT);
        return target != null && !target.equals(completed(clock));
    }

    private static Long completed(ReadOnlyKeyValueStore<String, Long> clock) {
        Long done = clock.get(COMPLETED);
        return done != null ? done : clock.get(LAST_MIDNIGHT);
    }
}
