package org.rapport.streams.dashboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.rapport.auth.Principal;

/**
 * The answer of {@code GET /v1/me}: what the dashboard needs to open the right view after sign-in — the token's name
 * (never the token), its role and scope, and the views it may open: {@code director} (program data, client level),
 * {@code research} (de-identified, suppressed tables) and {@code clinic} (what Rapport received from a clinic) — and research suppression's threshold, which the research view explains.
 */
public final class SignedIn {

    public static final String DIRECTOR = "director";
    public static final String RESEARCH = "research";
    public static final String CLINIC = "clinic";

    private SignedIn() {
    }

    public static Map<String, Object> describe(Principal who, int suppressionThreshold) {
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("name", who.name());
        me.put("role", who.role().kind().name().toLowerCase(java.util.Locale.ROOT));
        me.put("programs", new ArrayList<>(new TreeSet<>(who.programs())));
        me.put("clinic_id", who.clinicId().orElse(null));
        me.put("all_programs", who.isAdmin());
        me.put("views", views(who));
        me.put("suppression_threshold", suppressionThreshold);
        return me;
    }

    /** The views in the order the dashboard offers them (the first opens after sign-in). */
    static List<String> views(Principal who) {
        List<String> views = new ArrayList<>();
        if (who.canReadPrograms()) {
            views.add(DIRECTOR);
        }
        if (who.canReadResearch()) {
            views.add(RESEARCH);
        }
        if (who.isClinic() || who.isAdmin()) {
            views.add(CLINIC);
        }
        return views;
    }
}
