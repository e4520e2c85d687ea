/**
 * The service's API as OpenAPI 3 (springdoc), at {@code /v3/api-docs} and {@code /swagger-ui/index.html}, with every
 * refusal an RFC 9457 problem detail; the specs are checked in under docs/openapi/.
 */
package org.ddrrbus.casework.apidocs;
