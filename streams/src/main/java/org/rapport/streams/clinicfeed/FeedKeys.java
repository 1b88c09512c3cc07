package org.rapport.streams.clinicfeed;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.apache.avro.specific.SpecificRecord;
import org.rapport.avro.AttendanceEvent;
import org.rapport.avro.EpisodeEvent;
import org.rapport.avro.SessionEvent;
import org.rapport.avro.SurveyEvent;
import org.rapport.avro.TrainingEvent;
import org.rapport.topics.Topics;

/**
 * Keys of the clinic feed's stores. Counts: {@code clinic|YYYY-MM-DD|type}; dead letters:
 * {@code clinic|failed-at millis (13 digits)|topic:partition:offset}, so that a clinic's entries are one range, in
 * day or time order. Clinic ids never hold {@code |} (the id alphabet).
 */
public final class FeedKeys {

    /** The event types, as SPEC §2's JSON {@code type}. */
    public static final String EPISODE = "episode";
    public static final String SESSION = "session";
    public static final String ATTENDANCE = "attendance";
    public static final String SURVEY = "survey";
    public static final String TRAINING = "training";
    public static final String OTHER = "other";

    private FeedKeys() {
    }

    public static String count(String clinic, LocalDate day, String type) {
        return clinic + "|" + day + "|" + type;
    }

    public static String rejection(String clinic, Instant failedAt, String topic, int partition, long offset) {
        return clinic + "|" + String.format("%013d", Math.max(0, failedAt.toEpochMilli())) + "|" + topic + ":"
                + partition + ":" + offset;
    }

    /** The first key of a clinic's entries, and the key after its last. */
    public static String first(String clinic) {
        return clinic + "|";
    }

    public static String afterLast(String clinic) {
        return clinic + "|\uffff";
    }

    /** The day part of a count key. */
    public static LocalDate day(String countKey) {
        int first = countKey.indexOf('|');
        return LocalDate.parse(countKey.substring(first + 1, countKey.indexOf('|', first + 1)));
    }

    /** The type part of a count key. */
    public static String type(String countKey) {
        return countKey.substring(countKey.lastIndexOf('|') + 1);
    }

    static LocalDate utcDay(long epochMillis) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
    }

    static String typeOf(SpecificRecord event) {
        if (event instanceof EpisodeEvent) {
            return EPISODE;
        }
        if (event instanceof SessionEvent) {
            return SESSION;
        }
        if (event instanceof AttendanceEvent) {
            return ATTENDANCE;
        }
        if (event instanceof TrainingEvent) {
            return TRAINING;
        }
        return event instanceof SurveyEvent ? SURVEY : OTHER;
    }

    /** The event type of an input topic, {@link #OTHER} for any other topic. */
    public static String typeOfTopic(String topic) {
        if (Topics.EPISODES.name().equals(topic)) {
            return EPISODE;
        }
        if (Topics.SESSIONS.name().equals(topic)) {
            return SESSION;
        }
        if (Topics.ATTENDANCE.name().equals(topic)) {
            return ATTENDANCE;
        }
        if (Topics.TRAININGS.name().equals(topic)) {
            return TRAINING;
        }
        return Topics.SURVEYS.name().equals(topic) ? SURVEY : OTHER;
    }
}
