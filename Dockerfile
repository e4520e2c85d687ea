# The ddrr-bus image: the ddrr command with every component; docker-compose.yml runs one component per container.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -ntp -q -DskipTests install -pl launcher -am

FROM eclipse-temurin:17-jre
# The folders docker-compose.yml mounts its volumes on: a fresh named volume takes their owner, so the unprivileged
# user can write its node home, keys and state there (data: the operator's; node: a partner's home; handover: the
# files between the two).
RUN useradd --system --uid 10001 ddrr \
    && mkdir -p /var/lib/ddrr/data /var/lib/ddrr/node /var/lib/ddrr/handover \
    && chown -R ddrr:ddrr /var/lib/ddrr && chmod -R 0700 /var/lib/ddrr
COPY --from=build /src/launcher/target/ddrr-launcher-exec.jar /opt/ddrr/ddrr.jar
COPY config/sharing-agreement.yaml /opt/ddrr/config/sharing-agreement.yaml
WORKDIR /opt/ddrr
USER ddrr
# umask 077: every file the bus writes (credentials, keys, state) is readable by its owner only.
ENTRYPOINT ["sh", "-c", "umask 077 && exec java -XX:MaxRAMPercentage=75 -jar /opt/ddrr/ddrr.jar \"$@\"", "ddrr"]
