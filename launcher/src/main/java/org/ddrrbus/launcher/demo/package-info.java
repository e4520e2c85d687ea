/** ./ddrr demo: plays a realistic scenario through the running services' REST APIs, as their staff would. */
package org.ddrrbus.launcher.demo;
