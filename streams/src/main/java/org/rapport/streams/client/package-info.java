/**
 * The client stage (SPEC §9): the per-client state behind every indicator, at a cost per event that does not grow
 * with the client's history.
 *
 * <ul>
 *   <li>{@link org.rapport.streams.client.ClientFacts} — each fact one small entry keyed {@code client|time|id}
 *       (the standing attendance per session), read back by range;</li>
 *   <li>{@link org.rapport.streams.client.EpisodeFold} — an episode's facts folded in event time into a small
 *       checkpoint: a fact after it folds in at constant cost, anything else folds the episode again from its start;
 *       the episode's alerts and fact rows at a stream time come from the checkpoint;</li>
 *   <li>{@link org.rapport.streams.client.WeeklyRows}, {@link org.rapport.streams.client.CounselorRows},
 *       {@link org.rapport.streams.client.AllianceSessionRows} — rows rebuilt only for the time range or episode a
 *       change touched, and sent only when they changed;</li>
 *   <li>{@link org.rapport.streams.client.Heads} — what the status needs besides the 28-day window;</li>
 *   <li>{@link org.rapport.streams.client.WakeSchedule} — deadlines and retention days keyed by due time;</li>
 *   <li>{@link org.rapport.streams.client.MidnightMove} — a status at a UTC midnight when only time changed;</li>
 *   <li>{@link org.rapport.streams.client.ClientProcessor} — wires them: what one event changes, what a wake-up
 *       changes, what a new UTC day changes.</li>
 * </ul>
 */
package org.rapport.streams.client;
