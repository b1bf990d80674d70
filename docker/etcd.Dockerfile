# ringlb-etcd: etcd for the cluster compose stack (docker-compose.cluster.yml), with no registry:
# the etcd binary of Debian's etcd-server package (it needs only the C library) on ringlb's own
# base image. scripts/docker-etcd-image.sh builds it, with the binary in its build context.
ARG BASE_IMAGE=ringlb-base:17
FROM ${BASE_IMAGE}
LABEL io.ringlb.image=etcd
COPY etcd /usr/local/bin/etcd
EXPOSE 2379 2380
ENTRYPOINT ["/usr/local/bin/etcd"]
CMD ["--name", "etcd1", "--data-dir", "/tmp/etcd", "--listen-client-urls", "http://0.0.0.0:2379", \
     "--advertise-client-urls", "http://etcd:2379", "--listen-peer-urls", "http://127.0.0.1:2380", \
     "--initial-advertise-peer-urls", "http://127.0.0.1:2380", "--initial-cluster", "etcd1=http://127.0.0.1:2380"]
