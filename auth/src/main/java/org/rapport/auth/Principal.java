package org.rapport.auth;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An authenticated caller: the token's name (used in audit logs, never the token) and its role, with
 * the permission checks every endpoint uses, so the rules of SPEC §6 live in one place.
 */
public record Principal(String name, Role role) {

    public Principal {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
    }

    public boolean isAdmin() {
        return role.kind() == Role.Kind.ADMIN;
    }

    public boolean isClinic() {
        return role.kind() == Role.Kind.CLINIC;
    }

    public boolean isDirector() {
        return role.kind() == Role.Kind.DIRECTOR;
    }

    public boolean isResearcher() {
        return role.kind() == Role.Kind.RESEARCHER;
    }

    /** The clinic a clinic token writes for. */
    public Optional<String> clinicId() {
        return Optional.ofNullable(role.clinicId());
    }

    /** The programs a director token reads. */
    public Set<String> programs() {
        return role.programs();
    }

    /** May post events at all (clinic or admin). */
    public boolean canWriteEvents() {
        return isAdmin() || isClinic();
    }

    /** May write events of this clinic, or resolve its pseudonyms. */
    public boolean canWriteClinic(String clinicId) {
        return isAdmin() || (isClinic() && role.clinicId().equals(clinicId));
    }

    /** May read what Rapport received from this clinic and refused (the clinic view): that clinic, or admin. */
    public boolean canReadClinic(String clinicId) {
        return canWriteClinic(clinicId);
    }

    /** May publish clock ticks (they move event time for every clinic). */
    public boolean canTick() {
        return isAdmin();
    }

    /** May use the program endpoints at all (director, admin). */
    public boolean canReadPrograms() {
        return isAdmin() || isDirector();
    }

    /** May read this program, client level included. */
    public boolean canReadProgram(String programId) {
        return isAdmin() || (isDirector() && role.programs().contains(programId));
    }

    /** May read the de-identified research aggregates (researcher, director, admin). */
    public boolean canReadResearch() {
        return isAdmin() || isDirector() || isResearcher();
    }

    @Override
    public String toString() {
        return name + " (" + role + ")";
    }
}
