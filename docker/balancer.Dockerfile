# ringlb: the balancer, which runs its replicas as sibling containers through the Docker socket
# mounted at /var/run/docker.sock (docker-compose.yml). It runs as root because that socket is
# root's; anything that can use the socket controls the engine, so mount it only here.
# BASE_IMAGE: the local ringlb-base (scripts/docker-base-image.sh), or any Java 17+ runtime image
# such as eclipse-temurin:17-jre where a registry is available (docs/docker.md).
ARG BASE_IMAGE=ringlb-base:17
FROM ${BASE_IMAGE}
LABEL io.ringlb.image=balancer
COPY ringlb-cli/target/ringlb.jar /opt/ringlb/ringlb.jar
EXPOSE 5000
ENTRYPOINT ["java", "-Xms256m", "-Xmx256m", "-XX:+UseParallelGC", "-XX:CompileThresholdScaling=3", "-jar", "/opt/ringlb/ringlb.jar"]
CMD ["start", "--bind", "0.0.0.0", "--port", "5000", "--provisioner", "docker"]
