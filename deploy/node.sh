#!/bin/sh
# A partner's container of docker-compose.yml, as the partner would run its node by hand (docs/operators.md):
#   node.sh init AGENCY    ./ddrr node init from the enrolment in its handover volume, once; the key request is left
#                          there for the operator, the enrolment (it holds the Kafka password) is deleted
#   node.sh start AGENCY   ./ddrr node start, with HTTPS on its web port (web.p12 from the certs job)
# The node home is /var/lib/ddrr/node/home, in the partner's own volume, which no other container mounts.
set -eu
umask 077
HOME_DIR=/var/lib/ddrr/node/home
HANDOVER=/var/lib/ddrr/handover
ddrr() { exec java -XX:MaxRAMPercentage=75 -jar /opt/ddrr/ddrr.jar "$@"; }
case "$1" in
  init)
    [ -d "$HOME_DIR" ] && { echo "node home of $2 exists"; exit 0; }
    java -XX:MaxRAMPercentage=50 -jar /opt/ddrr/ddrr.jar node init "$2" --enrolment "$HANDOVER/$2.enrolment" \
      --home "$HOME_DIR" --request "$HANDOVER/$2.request"
    rm -f "$HANDOVER/$2.enrolment"
    ;;
  start)
    ddrr node start "$2" --home "$HOME_DIR" --wait 300
    ;;
  *) echo "usage: node.sh init|start AGENCY" >&2; exit 2 ;;
esac
