#!/bin/sh
# The approve job of docker-compose.yml: ./ddrr keys approve for every key request a partner's node init left in its
# handover volume. A request holds a public key only. On separate hosts the operator reads the key id out with the
# partner first (docs/operators.md).
set -eu
DATA=/var/lib/ddrr/data
ddrr() { java -XX:MaxRAMPercentage=50 -jar /opt/ddrr/ddrr.jar "$@"; }
for request in /var/lib/ddrr/handover/*/*.request; do
  [ -f "$request" ] || continue
  ddrr keys approve "$request" --data "$DATA" --ca /etc/ddrr/ca/ca.crt
  mv "$request" "$request.approved"
done
