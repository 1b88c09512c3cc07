package org.rapport.programs;

import java.util.Objects;
import org.rapport.avro.LevelOfCare;

/**
 * One program of the deployment, as the program registry ({@code programs.file}) declares it.
 *
 * @param id          the {@code program_id} events carry (unique across the deployment, SPEC §2)
 * @param clinicId    the clinic that owns it: only this clinic's events may name it
 * @param name        the display name the dashboard shows
 * @param levelOfCare the level of care of its episodes when a source does not say (a FHIR EpisodeOfCare
 *                    without a mapped {@code type})
 */
public record Program(String id, String clinicId, String name, LevelOfCare levelOfCare) {

    public Program {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(clinicId, "clinicId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(levelOfCare, "levelOfCare");
    }
}
