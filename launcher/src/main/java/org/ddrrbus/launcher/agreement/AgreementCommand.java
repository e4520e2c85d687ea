package org.ddrrbus.launcher.agreement;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ddrrbus.client.agreement.AgreementDocument;
import org.ddrrbus.client.agreement.AgreementException;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.agreement.SharingAgreement;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ddrr agreement check|docs}: validate the agreement file, or regenerate its readable page. */
@Command(
        name = "agreement",
        mixinStandardHelpOptions = true,
        description = {
            "check: validate the sharing agreement and list every problem with its line.",
            "docs: regenerate docs/sharing-agreement.md from it."
        })
public final class AgreementCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "check|docs")
    String action;

    @Option(
            names = "--file",
            defaultValue = AgreementLoader.OWNER_FILE,
            description = "Agreement file (default: ${DEFAULT-VALUE}).")
    Path file;

    @Option(
            names = "--output",
            defaultValue = "docs/sharing-agreement.md",
            description = "Page to write with docs (default: ${DEFAULT-VALUE}).")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        SharingAgreement agreement;
        try {
            agreement = AgreementLoader.load(file);
        } catch (AgreementException e) {
            PrintWriter err = spec.commandLine().getErr();
            e.problems().forEach(p -> err.println("ddrr: " + p));
            return 1;
        }
        switch (action) {
            case "check" ->
                out.println(file + " is valid: " + agreement.agencies().size() + " agencies, "
                        + agreement.events().size() + " event types, "
                        + agreement.purposes().size() + " purposes.");
            case "docs" -> {
                Files.createDirectories(output.toAbsolutePath().getParent());
                Files.writeString(output, AgreementDocument.render(agreement));
                out.println("wrote " + output);
            }
            default -> throw new IllegalArgumentException("unknown action '" + action + "': use check or docs");
        }
        return 0;
    }
}
