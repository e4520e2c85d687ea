#!/bin/sh
# The operator service of docker-compose.yml: ./ddrr up --operator-only against the cluster (KAFKA_BOOTSTRAP):
# provisioning, the key directory, the exchange and the dashboard, each from its own node home under the operator's
# volume. It holds no partner's password or key.
set -eu
umask 077
DATA=/var/lib/ddrr/data
mkdir -p "$DATA/operator/ca"
# Partners' enrolments carry the bus CA's certificate from here.
cp /etc/ddrr/ca/ca.crt "$DATA/operator/ca/ca.crt"
# Nodes ask the exchange's key holder for people's keys at operator:8091 (its certificate from the certs job), so every
# partner seals what it publishes about a person, and the exchange refuses plain values.
exec java -XX:MaxRAMPercentage=75 -jar /opt/ddrr/ddrr.jar up --operator-only --data "$DATA" --key-holder-host operator
