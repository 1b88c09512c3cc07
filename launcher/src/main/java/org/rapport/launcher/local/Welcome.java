package org.rapport.launcher.local;

import java.util.List;
import java.util.Map;

/**
 * The once-only message of a first start: the demo tokens, and one link per role that signs it in to the dashboard
 * (the director's first: it is the demo's main view).
 */
public final class Welcome {

    private Welcome() {
    }

    public static String tokens(Map<String, String> tokens, List<Component> components) {
        if (tokens.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("Demo tokens (shown once; only their SHA-256 is stored):\n");
        tokens.forEach((role, token) -> out.append("  ").append(String.format("%-28s", role)).append("  ").append(token).append('\n'));
        components.stream().filter(HttpComponent.class::isInstance).map(HttpComponent.class::cast).findFirst()
                .ifPresent(http -> {
                    String base = "http://127.0.0.1:" + http.port() + "/#token=";
                    tokens.entrySet().stream().filter(e -> e.getKey().startsWith("director:")).findFirst()
                            .ifPresent(director -> out.append("Dashboard, signed in as the demo director:\n  ")
                                    .append(base).append(director.getValue()).append('\n'));
                    out.append("The same for the other roles (each opens its own view):\n");
                    tokens.forEach((role, token) -> {
                        if (!role.startsWith("director:")) {
                            out.append("  ").append(String.format("%-28s", role)).append("  ").append(base).append(token)
                                    .append('\n');
                        }
                    });
                });
        return out.toString();
    }
}
