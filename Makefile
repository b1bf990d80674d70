# ringlb: build, container images, the compose stack, tests and analysis. `make help` lists targets.
# Compose v2 (`docker compose`) when the docker CLI has it, else the standalone docker-compose,
# chosen when it runs (scripts/compose.sh): `make engine` may have just installed it.
COMPOSE ?= scripts/compose.sh
PORT ?= 5000
ARGS ?=

.PHONY: help build images engine up down logs test analyze

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
