package org.rapport.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.rapport.config.RapportConfig;

/**
 * The benchmark without the launcher: {@code java -cp … org.rapport.bench.BenchMain [--smoke] [--ten-million]
 * [--profile] [--events=N,N] [key=value …]}. People use {@code ./rapport bench}.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        boolean smoke = false;
        boolean tenMillion = false;
        boolean profile = false;
        java.util.List<Long> scales = null;
        Map<String, String> overrides = new HashMap<>();
        for (String arg : args) {
            if (arg.equals("--smoke")) {
                smoke = true;
            } else if (arg.equals("--ten-million")) {
                tenMillion = true;
            } else if (arg.equals("--profile")) {
                profile = true;
            } else if (arg.startsWith("--events=")) {
                scales = java.util.Arrays.stream(arg.substring(9).split(",")).map(Long::parseLong).toList();
            } else if (arg.contains("=")) {
                overrides.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else {
                throw new IllegalArgumentException("Unknown argument " + arg);
            }
        }
        RapportConfig config = RapportConfig.load(null, System.getenv(), overrides);
        Path results = Path.of("bench", "results");
        Path scratch = Path.of("bench", "target", "bench-scratch");
        BenchOptions options = smoke ? BenchOptions.smoke(config, results, scratch)
                : BenchOptions.defaults(config, results, scratch);
        if (scales != null) {
            options = options.withScales(scales);
        }
        if (profile) {
            options = options.withProfile();
        }
        Bench.run(tenMillion ? options.withTenMillion() : options, System.out);
    }
}
