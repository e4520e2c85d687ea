#!/usr/bin/env bash
# What the apache/kafka image runs (/etc/kafka/docker/run: configureDefaults, configure, launch), for
# ComposeWithoutDockerIT, which has no Docker: the same defaults for unset variables, the same SSL variables derived
# from the files in /etc/kafka/secrets, then Kafka's own KafkaDockerWrapper turns every KAFKA_* variable into
# server.properties and formats the storage, and the broker starts on that file, with Kafka's jars in /opt/kafka/libs
# as in the image. The differences: java runs directly rather than through kafka-run-class.sh, with a smaller heap
# and logback (which the test's jars bring) logging errors only.
set -euo pipefail

# configureDefaults: a value the compose file leaves unset takes the image's default.
declare -A env_defaults=(
  ["CLUSTER_ID"]="5L6g3nShT-eMCtK--X86sw"
  ["KAFKA_NODE_ID"]=1
  ["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"]="CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,PLAINTEXT_HOST:PLAINTEXT"
  ["KAFKA_LISTENERS"]="PLAINTEXT://localhost:29092,CONTROLLER://localhost:29093,PLAINTEXT_HOST://0.0.0.0:9092"
  ["KAFKA_ADVERTISED_LISTENERS"]="PLAINTEXT://localhost:29092,PLAINTEXT_HOST://localhost:9092"
  ["KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"]=1
  ["KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS"]=0
  ["KAFKA_TRANSACTION_STATE_LOG_MIN_ISR"]=1
  ["KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR"]=1
  ["KAFKA_PROCESS_ROLES"]="broker,controller"
  ["KAFKA_CONTROLLER_QUORUM_VOTERS"]="1@localhost:29093"
  ["KAFKA_INTER_BROKER_LISTENER_NAME"]="PLAINTEXT"
  ["KAFKA_CONTROLLER_LISTENER_NAMES"]="CONTROLLER"
  ["KAFKA_LOG_DIRS"]="/tmp/kraft-combined-logs"
)
for key in "${!env_defaults[@]}"; do
  if [[ -z "${!key:-}" ]]; then
    echo "${key} not set. Setting it to default value: \"${env_defaults[$key]}\""
    export "$key"="${env_defaults[$key]}"
  fi
done

# configure: with SSL listeners, the key store and its passwords come from files in /etc/kafka/secrets; the trust
# store only when clients must present certificates.
if [[ $KAFKA_ADVERTISED_LISTENERS == *"SSL://"* ]]; then
  echo "SSL is enabled."
  export KAFKA_SSL_KEYSTORE_LOCATION="/etc/kafka/secrets/$KAFKA_SSL_KEYSTORE_FILENAME"
  export KAFKA_SSL_KEY_PASSWORD KAFKA_SSL_KEYSTORE_PASSWORD
  KAFKA_SSL_KEY_PASSWORD=$(cat "/etc/kafka/secrets/$KAFKA_SSL_KEY_CREDENTIALS")
  KAFKA_SSL_KEYSTORE_PASSWORD=$(cat "/etc/kafka/secrets/$KAFKA_SSL_KEYSTORE_CREDENTIALS")
  if [[ -n "${KAFKA_SSL_CLIENT_AUTH-}" ]] && [[ $KAFKA_SSL_CLIENT_AUTH == *"required"* || $KAFKA_SSL_CLIENT_AUTH == *"requested"* ]]; then
    export KAFKA_SSL_TRUSTSTORE_LOCATION="/etc/kafka/secrets/$KAFKA_SSL_TRUSTSTORE_FILENAME"
    export KAFKA_SSL_TRUSTSTORE_PASSWORD
    KAFKA_SSL_TRUSTSTORE_PASSWORD=$(cat "/etc/kafka/secrets/$KAFKA_SSL_TRUSTSTORE_CREDENTIALS")
  fi
fi

# launch: properties from the environment, storage formatted with CLUSTER_ID (already formatted is fine), then the broker.
CP='/opt/kafka/libs/*'
LOGGING=-Dlogback.configurationFile=/opt/kafka/libs/logback.xml
result=$(java -Xmx128m "$LOGGING" -cp "$CP" kafka.docker.KafkaDockerWrapper setup \
  --default-configs-dir /etc/kafka/docker --mounted-configs-dir /mnt/shared/config \
  --final-configs-dir /opt/kafka/config 2>&1) || echo "$result" | grep -i "already formatted" || { echo "$result"; exit 1; }
exec java -Xmx320m -XX:+UseSerialGC "$LOGGING" -cp "$CP" kafka.Kafka /opt/kafka/config/server.properties
