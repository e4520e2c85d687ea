/** ./ddrr agreement: checks the sharing agreement and renders it as a document people can read. */
package org.ddrrbus.launcher.agreement;
