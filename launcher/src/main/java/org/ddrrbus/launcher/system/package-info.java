/** What the launcher knows about a running system: where its data, credentials and ports are, and how its components start. */
package org.ddrrbus.launcher.system;
