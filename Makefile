# ringlb: build, container images, the compose stack, tests and analysis. `make help` lists targets.
# Compose v2 (`docker compose`) when the docker CLI has it, else the standalone docker-compose,
# chosen when it runs (scripts/compose.sh): `make engine` may have just installed it.
COMPOSE ?= scripts/compose.sh
PORT ?= 5000
ARGS ?=
# The cluster stack (docker-compose.cluster.yml): its compose project and its two balancers' ports.
CLUSTER_COMPOSE = $(COMPOSE) -p ringlb-cluster -f docker-compose.cluster.yml
LB1_PORT ?= 5001
LB2_PORT ?= 5002

.PHONY: help build images engine up down logs test analyze etcd-image cluster-up cluster-down

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/'

build: ## compile and package ringlb-cli/target/ringlb.jar
	mvn -q -B -ntp -DskipTests package

images: build ## build the ringlb-base, ringlb-replica and ringlb images, with no registry
	scripts/docker-images.sh

engine: ## make sure a Docker engine runs (installs and starts one as root)
	scripts/docker-engine.sh

up: engine images ## start the balancer and 3 replica containers on 127.0.0.1:PORT; returns once /rep answers
	RINGLB_PORT=$(PORT) $(COMPOSE) up -d
	@host=$${RINGLB_PUBLISH:-127.0.0.1}; [ "$$host" = 0.0.0.0 ] && host=127.0.0.1; \
	for i in $$(seq 1 90); do \
	  if curl -fsS $$host:$(PORT)/rep 2>/dev/null; then \
	    echo; echo "ringlb on http://$$host:$(PORT); who may use /add and /rm: docs/docker.md, Admin access"; exit 0; \
	  fi; sleep 1; \
	done; echo "ringlb did not answer on $$host:$(PORT) within 90 s" >&2; $(COMPOSE) logs --tail 40 ringlb >&2; exit 1

down: ## stop the stack: the balancer removes its replica containers, then compose the rest
	$(COMPOSE) down --remove-orphans

logs: ## follow the balancer's log
	$(COMPOSE) logs -f ringlb

test: ## the whole test suite (scripts/test.sh: engine, images, mvn verify)
	scripts/test.sh

analyze: ## run the analysis: make analyze ARGS="..."
	./ringlb analyze $(ARGS)

etcd-image: ## build the ringlb-etcd image (Debian's etcd on the local base image, no registry)
	scripts/docker-etcd-image.sh

cluster-up: engine images etcd-image ## start etcd and two balancer instances of one cluster; returns once both serve the same ring
	LB1_PORT=$(LB1_PORT) LB2_PORT=$(LB2_PORT) $(CLUSTER_COMPOSE) up -d
	@for i in $$(seq 1 120); do \
	  a="$$(curl -fsS localhost:$(LB1_PORT)/rep 2>/dev/null)"; b="$$(curl -fsS localhost:$(LB2_PORT)/rep 2>/dev/null)"; \
	  if [ -n "$$a" ] && [ "$$a" = "$$b" ] && echo "$$a" | grep -q '"N":3'; then echo "$$a"; exit 0; fi; sleep 1; \
	done; echo "the cluster did not serve N=3 on localhost:$(LB1_PORT) and :$(LB2_PORT) within 120 s" >&2; \
	$(CLUSTER_COMPOSE) logs --tail 40 >&2; exit 1

cluster-down: ## stop the cluster stack: the balancers remove their replica containers, then compose the rest
	$(CLUSTER_COMPOSE) down --remove-orphans
