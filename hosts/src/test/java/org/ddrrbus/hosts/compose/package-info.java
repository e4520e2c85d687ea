/**
 * docker-compose.yml run without Docker: each service a "container" made of a private mount namespace, a root file
 * system of its image's files and the compose file's volumes, and a network namespace host of the harness.
 */
package org.ddrrbus.hosts.compose;
