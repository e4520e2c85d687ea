/** ./ddrr run: one component on its own, as a container runs it. */
package org.ddrrbus.launcher.run;
