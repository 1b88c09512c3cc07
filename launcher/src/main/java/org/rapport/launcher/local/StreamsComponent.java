package org.rapport.launcher.local;

import java.util.List;
import org.rapport.config.RapportConfig;
import org.rapport.streams.StreamsApp;
import org.rapport.streams.StreamsSettings;

/** The Kafka Streams application inside the local platform. */
public final class StreamsComponent implements Component {

    private StreamsApp app;
    private RapportConfig config;

    @Override
    public String name() {
        return "streams";
    }

    @Override
    public RapportConfig start(RapportConfig config) {
        this.config = config;
        app = new StreamsApp(config);
        app.start();
        return config;
    }

    /** The running application, for the query API. */
    public StreamsApp app() {
        return app;
    }

    @Override
    public List<String> describe() {
        return List.of("Streams      application " + config.string("streams.application.id") + ", exactly-once v2, state in "
                + StreamsSettings.stateDir(config));
    }

    @Override
    public void stop() {
        if (app != null) {
            app.close();
        }
    }
}
