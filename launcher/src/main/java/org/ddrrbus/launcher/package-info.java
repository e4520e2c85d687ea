/** The ddrr command line: one entry point for every command an operator, a partner or an auditor runs. */
package org.ddrrbus.launcher;
