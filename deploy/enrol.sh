#!/bin/sh
# The enrol job of docker-compose.yml, the operator's side of onboarding: ./ddrr partner enrol for every partner not
# enrolled yet, the enrolment written into that partner's own handover volume only. Waits for the operator service
# to have made the key directory.
set -eu
umask 077
DATA=/var/lib/ddrr/data
ddrr() { java -XX:MaxRAMPercentage=50 -jar /opt/ddrr/ddrr.jar "$@"; }
for dir in /var/lib/ddrr/handover/*; do
  partner="$(basename "$dir")"
  [ -e "$dir/enrolled" ] && continue
  # The operator service has provisioned the cluster once it has made the directory key.
  until [ -f "$DATA/operator/directory.key" ]; do sleep 2; done
  ddrr partner enrol "$partner" --data "$DATA" --ca /etc/ddrr/ca/ca.crt --out "$dir/$partner.enrolment"
  touch "$dir/enrolled"
done
