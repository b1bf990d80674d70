# ringlb-replica: one replica server (`ringlb replica`) listening on 8080.
# The docker provisioner runs it with `--name NAME --port 8080 --bind 0.0.0.0`, NAME being the
# container's name, hostname and network alias; by hand, `docker run --name s1 --hostname s1
# ringlb-replica` answers /home as s1.
# BASE_IMAGE: the local ringlb-base (scripts/docker-base-image.sh), or any Java 17+ runtime image
# such as eclipse-temurin:17-jre where a registry is available (docs/docker.md).
ARG BASE_IMAGE=ringlb-base:17
FROM ${BASE_IMAGE}
LABEL io.ringlb.image=replica
# The standalone replica jar (4 MB: the replica server, Netty, jackson-core, slf4j-simple), not
# ringlb.jar (33 MB): a replica's start is healing time, and most of it is loading classes.
COPY ringlb-cli/target/ringlb-replica.jar /opt/ringlb/ringlb-replica.jar
# A class-data archive of the classes a replica loads, made by a training run (it serves itself a
# few requests and exits) with this image's own JVM and the entry point's options: each replica
# JVM then maps them instead of reading and verifying them. Exec form: the base has no shell.
RUN ["java", "-XX:ArchiveClassesAtExit=/opt/ringlb/ringlb-replica.jsa", \
     "-Xms32m", "-Xmn16m", "-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:CompileThresholdScaling=10", "-Xss512k", "-XX:+ExitOnOutOfMemoryError", "-XX:-UsePerfData", \
     "-jar", "/opt/ringlb/ringlb-replica.jar", "replica", "--name", "cds-training", "--port", "0", "--warm-up-and-exit"]
EXPOSE 8080
USER 65534:65534
# Small heap, serial GC, C1 only: a replica holds almost nothing and is replaced often.
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/opt/ringlb/ringlb-replica.jsa", "-Xshare:auto", \
            "-Xms32m", "-Xmn16m", "-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:CompileThresholdScaling=10", "-Xss512k", "-XX:+ExitOnOutOfMemoryError", "-XX:-UsePerfData", \
            "-jar", "/opt/ringlb/ringlb-replica.jar", "replica"]
CMD ["--port", "8080", "--bind", "0.0.0.0"]
