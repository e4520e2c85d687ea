#!/usr/bin/env bash
# The certs job of docker-compose.yml: the bus's private CA, and everything it signs. Run once; later runs keep what
# exists. Where each thing goes is who may read it:
#   /ca        the CA's private key (ca.p12): this job's volume alone, never mounted by anything else
#   /brokers   one keystore per broker, the truststore and the store passwords: the brokers only
#   /public    the CA certificate (ca.crt) and a truststore holding only it: every client; nothing secret
#   /handover/<partner>, /operator   one HTTPS keystore (web.p12) for that partner's web port, or the dashboard's
set -euo pipefail
PASS="${KAFKA_SSL_PASSWORD:?set KAFKA_SSL_PASSWORD}"
WEB_PASS="${WEB_TLS_PASSWORD:?set WEB_TLS_PASSWORD}"
DDRR_UID=10001
umask 077
if [ ! -f /ca/ca.p12 ]; then
  keytool -genkeypair -alias ca -dname "CN=ddrr-bus CA" -keyalg EC -groupname secp256r1 -validity 825 \
    -ext bc:c -keystore /ca/ca.p12 -storetype PKCS12 -storepass "$PASS"
fi
keytool -exportcert -alias ca -keystore /ca/ca.p12 -storepass "$PASS" -rfc -file /public/ca.crt
[ -f /public/truststore.p12 ] || keytool -importcert -noprompt -alias ca -file /public/ca.crt \
  -keystore /public/truststore.p12 -storetype PKCS12 -storepass "$PASS"
chmod 0644 /public/ca.crt /public/truststore.p12

# sign <alias> <keystore> <store password> <SAN>: a key made in the keystore, its certificate signed by the CA.
sign() {
  local alias="$1" store="$2" pass="$3" san="$4"
  [ -f "$store" ] && return 0
  keytool -genkeypair -alias "$alias" -dname "CN=$alias" -keyalg EC -groupname secp256r1 -validity 825 \
    -keystore "$store" -storetype PKCS12 -storepass "$pass"
  keytool -certreq -alias "$alias" -keystore "$store" -storepass "$pass" -file /tmp/req.csr
  keytool -gencert -alias ca -keystore /ca/ca.p12 -storepass "$PASS" -infile /tmp/req.csr -outfile /tmp/signed.pem \
    -ext "SAN=$san" -validity 825 -rfc
  keytool -importcert -noprompt -alias ca -file /public/ca.crt -keystore "$store" -storepass "$pass"
  keytool -importcert -alias "$alias" -file /tmp/signed.pem -keystore "$store" -storepass "$pass"
  rm -f /tmp/req.csr /tmp/signed.pem
}

for broker in kafka-1 kafka-2 kafka-3; do
  sign "$broker" "/brokers/$broker.keystore.p12" "$PASS" "dns:$broker,dns:localhost"
done
cp /public/truststore.p12 /brokers/truststore.p12
# The apache/kafka image reads keystore passwords from files next to the stores; it runs as uid 1000.
echo "$PASS" > /brokers/keystore_creds; echo "$PASS" > /brokers/key_creds; echo "$PASS" > /brokers/truststore_creds
chown -R 1000:1000 /brokers; chmod 0600 /brokers/*

# Each partner's web port, and the dashboard's, speak HTTPS with a certificate for its service name.
for dir in /handover/*; do
  partner="$(basename "$dir")"
  sign "$partner" "$dir/web.p12" "$WEB_PASS" "dns:$partner,dns:localhost"
  chown -R "$DDRR_UID:$DDRR_UID" "$dir"; chmod 0700 "$dir"; chmod 0600 "$dir/web.p12"
done
sign dashboard /operator/web.p12 "$WEB_PASS" "dns:operator,dns:dashboard,dns:localhost"
chown -R "$DDRR_UID:$DDRR_UID" /operator; chmod 0700 /operator; chmod 0600 /operator/web.p12
echo "certificates made"
