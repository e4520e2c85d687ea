package org.ddrrbus.launcher.system;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that only groups its subcommands ({@code ./ddrr keys}, {@code partner}, ...): run bare, it shows usage. */
public abstract class CommandGroup implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
