package org.rapport.topics;

import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.rapport.avro.Alert;
import org.rapport.avro.AllianceOutcome;
import org.rapport.avro.AttendanceEvent;
import org.rapport.avro.ClientStatus;
import org.rapport.avro.Cohort;
import org.rapport.avro.CounselorAlliance;
import org.rapport.avro.DeadLetter;
import org.rapport.avro.EpisodeEvent;
import org.rapport.avro.ProgramWeekly;
import org.rapport.avro.SessionEvent;
import org.rapport.avro.SurveyEvent;
import org.rapport.avro.TrainingEffect;
import org.rapport.avro.TrainingEvent;

/** Every topic of SPEC §3 and §5, declared once. */
public final class Topics {

    public static final Topic<EpisodeEvent> EPISODES = new Topic<>("rapport.episodes.v1", Topic.Role.INPUT,
            "client_id", EpisodeEvent.class, false);
    public static final Topic<SessionEvent> SESSIONS = new Topic<>("rapport.sessions.v1", Topic.Role.INPUT,
            "session_id", SessionEvent.class, false);
    public static final Topic<AttendanceEvent> ATTENDANCE = new Topic<>("rapport.attendance.v1", Topic.Role.INPUT,
            "client_id", AttendanceEvent.class, false);
    public static final Topic<SurveyEvent> SURVEYS = new Topic<>("rapport.surveys.v1", Topic.Role.INPUT,
            "client_id", SurveyEvent.class, false);
    /** Staff trainings (SPEC §2, §5.8): no client in them, so keyed by the counselor. */
    public static final Topic<TrainingEvent> TRAININGS = new Topic<>("rapport.trainings.v1", Topic.Role.INPUT,
            "counselor_id", TrainingEvent.class, false);

    public static final Topic<ClientStatus> CLIENT_STATUS = new Topic<>("rapport.client-status.v1",
            Topic.Role.OUTPUT, "client_id", ClientStatus.class, true);
    public static final Topic<Alert> ALERTS = new Topic<>("rapport.alerts.v1", Topic.Role.OUTPUT,
            "client_id", Alert.class, false);
    public static final Topic<ProgramWeekly> PROGRAM_WEEKLY = new Topic<>("rapport.program-weekly.v1",
            Topic.Role.OUTPUT, "program_id|week", ProgramWeekly.class, true);
    public static final Topic<Cohort> COHORTS = new Topic<>("rapport.cohorts.v1", Topic.Role.OUTPUT,
            "program_id|month", Cohort.class, true);
    public static final Topic<AllianceOutcome> ALLIANCE_OUTCOMES = new Topic<>("rapport.alliance-outcomes.v1",
            Topic.Role.OUTPUT, "program_id|instrument|band", AllianceOutcome.class, true);
    public static final Topic<CounselorAlliance> COUNSELOR_ALLIANCE = new Topic<>(
            "rapport.counselor-alliance.v1", Topic.Role.OUTPUT, "counselor_id", CounselorAlliance.class, true);
    /** SPEC §5.8: one row per training, latest state. */
    public static final Topic<TrainingEffect> TRAINING_EFFECTS = new Topic<>("rapport.training-effects.v1",
            Topic.Role.OUTPUT, "training_id", TrainingEffect.class, true);

    public static final Topic<DeadLetter> DEAD_LETTER = new Topic<>("rapport.dead-letter.v1",
            Topic.Role.DEAD_LETTER, "the original key", DeadLetter.class, false);

    /**
     * The input topics, in the order events are usually produced: the client topics (pseudonymous), the sessions and
     * the staff trainings. Ticks (SPEC §5.1) go to every partition of each.
     */
    public static final List<Topic<? extends SpecificRecord>> INPUTS = List.of(EPISODES, SESSIONS, ATTENDANCE, SURVEYS,
            TRAININGS);

    public static final List<Topic<? extends SpecificRecord>> OUTPUTS = List.of(CLIENT_STATUS, ALERTS,
            PROGRAM_WEEKLY, COHORTS, ALLIANCE_OUTCOMES, COUNSELOR_ALLIANCE, TRAINING_EFFECTS);

    /** Every topic Rapport creates, inputs first. */
    public static final List<Topic<? extends SpecificRecord>> ALL = List.of(EPISODES, SESSIONS, ATTENDANCE, SURVEYS,
            TRAININGS, CLIENT_STATUS, ALERTS, PROGRAM_WEEKLY, COHORTS, ALLIANCE_OUTCOMES, COUNSELOR_ALLIANCE, TRAINING_EFFECTS,
            DEAD_LETTER);

    /** Tick records (SPEC §5.1) are null-valued records carrying this header; see {@link Ticks}. */
    private Topics() {
    }
}
