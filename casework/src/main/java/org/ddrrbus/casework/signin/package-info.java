/** Staff sign-in at the services' REST edge: BCrypt hashes, a lock after repeated wrong passwords, and their policy. */
package org.ddrrbus.casework.signin;
