#!/usr/bin/env bash
# Makes a private CA, one PKCS12 keystore per broker signed by it, and a truststore with the CA, in /certs.
# Run once by the certs service of docker-compose.yml; later runs keep what exists.
set -euo pipefail
cd /certs
[ -f truststore.p12 ] && { echo "certificates exist"; exit 0; }
PASS="${KAFKA_SSL_PASSWORD:?set KAFKA_SSL_PASSWORD}"
keytool -genkeypair -alias ca -dname "CN=ddrr-bus CA" -keyalg EC -groupname secp256r1 -validity 825 \
  -ext bc:c -keystore ca.p12 -storetype PKCS12 -storepass "$PASS"
keytool -exportcert -alias ca -keystore ca.p12 -storepass "$PASS" -rfc -file ca.pem
keytool -importcert -noprompt -alias ca -file ca.pem -keystore truststore.p12 -storetype PKCS12 -storepass "$PASS"
for broker in kafka-1 kafka-2 kafka-3; do
  keytool -genkeypair -alias "$broker" -dname "CN=$broker" -keyalg EC -groupname secp256r1 -validity 825 \
    -keystore "$broker.keystore.p12" -storetype PKCS12 -storepass "$PASS"
  keytool -certreq -alias "$broker" -keystore "$broker.keystore.p12" -storepass "$PASS" -file "$broker.csr"
  keytool -gencert -alias ca -keystore ca.p12 -storepass "$PASS" -infile "$broker.csr" -outfile "$broker.pem" \
    -ext "SAN=dns:$broker,dns:localhost" -validity 825 -rfc
  keytool -importcert -noprompt -alias ca -file ca.pem -keystore "$broker.keystore.p12" -storepass "$PASS"
  keytool -importcert -alias "$broker" -file "$broker.pem" -keystore "$broker.keystore.p12" -storepass "$PASS"
  rm "$broker.csr"
done
# The apache/kafka image reads keystore passwords from files next to the stores.
echo "$PASS" > keystore_creds; echo "$PASS" > key_creds; echo "$PASS" > truststore_creds
chmod 0644 ./*.p12 ./*_creds
echo "certificates made"
