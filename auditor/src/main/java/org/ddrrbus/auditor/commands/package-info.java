/** The auditor's subcommands (replay, verify, trace, export) and what they share: options, validation, the session. */
package org.ddrrbus.auditor.commands;
