# ringlb-replica: one replica server (`ringlb replica`) listening on 8080.
# The docker provisioner runs it with `--name NAME --port 8080 --bind 0.0.0.0`, NAME being the
# container's name, hostname and network alias; by hand, `docker run --name s1 --hostname s1
# ringlb-replica` answers /home as s1.
# BASE_IMAGE: the local ringlb-base (scripts/docker-base-image.sh), or any Java 17+ runtime image
# such as eclipse-temurin:17-jre where a registry is available (docs/docker.md).
ARG BASE_IMAGE=ringlb-base:17
FROM ${BASE_IMAGE}
LABEL io.ringlb.image=replica
COPY ringlb-cli/target/ringlb.jar /opt/ringlb/ringlb.jar
EXPOSE 8080
USER 65534:65534
# Small heap, serial GC, C1 only: a replica holds almost nothing and is replaced often.
ENTRYPOINT ["java", "-Xms16m", "-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k", \
            "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/ringlb/ringlb.jar", "replica"]
CMD ["--port", "8080", "--bind", "0.0.0.0"]
