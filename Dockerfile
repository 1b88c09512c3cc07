# Rapport's image: the launcher's thin jar plus its dependencies, run as `rapport <command>`.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests -pl launcher -am package

FROM eclipse-temurin:17-jre
RUN useradd --system --home-dir /var/lib/rapport rapport \
    && mkdir -p /var/lib/rapport/tmp && chown -R rapport /var/lib/rapport
COPY --from=build /src/launcher/target/rapport-launcher-*.jar /opt/rapport/rapport-launcher.jar
COPY --from=build /src/launcher/target/lib/ /opt/rapport/lib/
USER rapport
ENV RAPPORT_DATA_DIR=/var/lib/rapport
EXPOSE 8080
# Native libraries (RocksDB, zstd) unpack into java.io.tmpdir: keep them on the data volume.
ENTRYPOINT ["sh", "-c", "mkdir -p \"$RAPPORT_DATA_DIR/tmp\" && exec java -XX:-UsePerfData $JAVA_OPTS -Djava.io.tmpdir=\"$RAPPORT_DATA_DIR/tmp\" -cp '/opt/rapport/rapport-launcher.jar:/opt/rapport/lib/*' org.rapport.launcher.RapportCli \"$@\"", "rapport"]
CMD ["--help"]
