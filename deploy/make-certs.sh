#!/usr/bin/env bash
# The certs job of docker-compose.yml: the bus's private CA, and everything it signs. Run once; later runs keep what
# exists. Where each thing goes is who may read it:
#   /ca        the CA's private key (ca.p12): this job's volume alone, never mounted by anything else
#   /brokers   one keystore per broker and the truststore: the brokers only
#   /public    the CA certificate (ca.crt) and a truststore holding only it: every client; nothing secret
#   /handover/<partner>, /operator   one HTTPS keystore (web.p12) for that partner's web port, or the dashboard's
#   /operator/operator/key-holder.pem   the exchange's key holder (port 8091, where nodes ask for people's keys): its
#              key and certificate, made by the bus's own code (./ddrr key-holder), for the name nodes reach it at
# It runs in the bus's image as root (keytool, and the ddrr command for the key holder).
set -euo pipefail
# R: where the volumes are mounted (empty in the container; a scratch folder in MakeCertsScriptTest).
R="${CERTS_ROOT:-}"
owner() { if [ "$(id -u)" = 0 ]; then chown -R "$1" "$2"; fi; }
PASS="${KAFKA_SSL_PASSWORD:?set KAFKA_SSL_PASSWORD}"
WEB_PASS="${WEB_TLS_PASSWORD:?set WEB_TLS_PASSWORD}"
DDRR_UID=10001
umask 077
if [ ! -f $R/ca/ca.p12 ]; then
  keytool -genkeypair -alias ca -dname "CN=ddrr-bus CA" -keyalg EC -groupname secp256r1 -validity 825 \
    -ext bc:c -keystore $R/ca/ca.p12 -storetype PKCS12 -storepass "$PASS"
fi
keytool -exportcert -alias ca -keystore $R/ca/ca.p12 -storepass "$PASS" -rfc -file $R/public/ca.crt
[ -f $R/public/truststore.p12 ] || keytool -importcert -noprompt -alias ca -file $R/public/ca.crt \
  -keystore $R/public/truststore.p12 -storetype PKCS12 -storepass "$PASS"
chmod 0644 $R/public/ca.crt $R/public/truststore.p12

# sign <alias> <keystore> <store password> <SAN>: a key made in the keystore, its certificate signed by the CA.
sign() {
  local alias="$1" store="$2" pass="$3" san="$4"
  [ -f "$store" ] && return 0
  keytool -genkeypair -alias "$alias" -dname "CN=$alias" -keyalg EC -groupname secp256r1 -validity 825 \
    -keystore "$store" -storetype PKCS12 -storepass "$pass"
  keytool -certreq -alias "$alias" -keystore "$store" -storepass "$pass" -file "$R/ca/req.csr"
  keytool -gencert -alias ca -keystore "$R/ca/ca.p12" -storepass "$PASS" -infile "$R/ca/req.csr" \
    -outfile "$R/ca/signed.pem" -ext "SAN=$san" -validity 825 -rfc
  keytool -importcert -noprompt -alias ca -file $R/public/ca.crt -keystore "$store" -storepass "$pass"
  keytool -importcert -alias "$alias" -file "$R/ca/signed.pem" -keystore "$store" -storepass "$pass"
  rm -f "$R/ca/req.csr" "$R/ca/signed.pem"
}

for broker in kafka-1 kafka-2 kafka-3; do
  sign "$broker" "$R/brokers/$broker.keystore.p12" "$PASS" "dns:$broker,dns:localhost"
done
cp $R/public/truststore.p12 $R/brokers/truststore.p12
# The apache/kafka image runs as uid 1000; the store passwords reach the brokers through their environment.
owner 1000:1000 "$R/brokers"; chmod 0600 "$R"/brokers/*

# Each partner's web port, and the dashboard's, speak HTTPS with a certificate for its service name.
for dir in "$R"/handover/*; do
  partner="$(basename "$dir")"
  sign "$partner" "$dir/web.p12" "$WEB_PASS" "dns:$partner,dns:localhost"
  owner "$DDRR_UID:$DDRR_UID" "$dir"; chmod 0700 "$dir"; chmod 0600 "$dir/web.p12"
done
sign dashboard $R/operator/web.p12 "$WEB_PASS" "dns:operator,dns:dashboard,dns:localhost"
# The key holder's certificate names "operator", where up --operator-only runs (operator.sh: --key-holder-host).
ddrr() { java -jar "${DDRR_JAR:-/opt/ddrr/ddrr.jar}" "$@"; }
if [ ! -f "$R/operator/operator/key-holder.pem" ]; then
  ddrr key-holder --ca-store "$R/ca/ca.p12" --host operator --out "$R/operator/operator/key-holder.pem"
fi
owner "$DDRR_UID:$DDRR_UID" "$R/operator"; chmod 0700 "$R/operator"; chmod 0600 "$R/operator/web.p12"
echo "certificates made"
