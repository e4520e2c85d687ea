/** Test fixtures on real brokers: a provisioned bus with the agreement's topics, users, ACLs and signing keys. */
package org.ddrrbus.testing;
