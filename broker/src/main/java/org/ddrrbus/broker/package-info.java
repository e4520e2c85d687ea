/** An in-process KRaft broker with SCRAM logins over TLS, ACLs and a read log: what ./ddrr up and the tests run on. */
package org.ddrrbus.broker;
