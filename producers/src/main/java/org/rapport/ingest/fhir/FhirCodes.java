package org.rapport.ingest.fhir;

/**
 * The extension and code-system URLs through which a clinic's FHIR resources carry what FHIR R4 has no
 * element for (documented in producers/README.md). {@code .example} is a reserved top-level domain, so
 * these never clash with a real profile.
 */
public final class FhirCodes {

    public static final String EXTENSION_BASE = "https://rapport.example/fhir/StructureDefinition/";
    public static final String CODE_SYSTEM_BASE = "https://rapport.example/fhir/CodeSystem/";

    public static final String CLINIC_ID = EXTENSION_BASE + "clinic-id";
    public static final String PROGRAM_ID = EXTENSION_BASE + "program-id";
    public static final String DISCHARGE_REASON = EXTENSION_BASE + "discharge-reason";
    public static final String ATTENDANCE_STATUS = EXTENSION_BASE + "attendance-status";
    public static final String SESSION_ID = EXTENSION_BASE + "session-id";
    public static final String RATED_COUNSELOR = EXTENSION_BASE + "rated-counselor";
    public static final String INSTRUMENT = EXTENSION_BASE + "instrument";
    public static final String LEVEL_OF_CARE = EXTENSION_BASE + "level-of-care";
    public static final String SESSION_TYPE = EXTENSION_BASE + "session-type";

    public static final String LEVEL_OF_CARE_SYSTEM = CODE_SYSTEM_BASE + "level-of-care";
    public static final String SESSION_TYPE_SYSTEM = CODE_SYSTEM_BASE + "session-type";

    /** HL7's extension giving an answer coding its numeric value (used by LOINC answer lists). */
    public static final String ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue";
    /** Its successor (FHIR R5, SDC): the same meaning under another URL. */
    public static final String ITEM_WEIGHT = "http://hl7.org/fhir/StructureDefinition/itemWeight";
    /** HL7 v2 table 0203, identifier types: {@code MR} is the medical record number. */
    public static final String IDENTIFIER_TYPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/v2-0203";

    private FhirCodes() {
    }
}
