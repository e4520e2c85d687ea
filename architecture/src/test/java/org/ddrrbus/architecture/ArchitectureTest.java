package org.ddrrbus.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.ddrrbus.client.topic.Topics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The boundaries between the bus's modules, as rules the build checks on all production code. */
class ArchitectureTest {

    /** Deployables, by their top-level package: each runs on its own and shares only libraries with the others. */
    private static final List<String> DEPLOYABLES =
            List.of("nctc", "iom", "cicc", "county", "embassy", "exchange", "dashboard", "auditor");

    private static JavaClasses production;

    @BeforeAll
    static void importProductionCode() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.ddrrbus");
        if (production.size() < 200) {
            throw new IllegalStateException(
                    "only " + production.size() + " classes imported: is the classpath complete?");
        }
    }

    @Test
    void servicesNeverDependOnEachOther() {
        slices().matching("org.ddrrbus.(*)..")
                .that(describe("are deployables", slice -> DEPLOYABLES.contains(slice.getNamePart(1))))
                .should()
                .notDependOnEachOther()
                .because("each partner runs its own service on its own premises; what they share lives in libraries")
                .check(production);
    }

    @Test
    void librariesNeverDependOnADeployable() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "org.ddrrbus.client..",
                        "org.ddrrbus.events..",
                        "org.ddrrbus.casework..",
                        "org.ddrrbus.provisioning..",
                        "org.ddrrbus.broker..",
                        "org.ddrrbus.federation..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(DEPLOYABLES.stream()
                        .map(name -> "org.ddrrbus." + name + "..")
                        .toArray(String[]::new))
                .because("a library used by several deployables must not pull one of them in")
                .check(production);
    }

    @Test
    void onlyTheExchangeWritesInboxes() {
        classes()
                .that()
                .resideOutsideOfPackages("org.ddrrbus.exchange..", "org.ddrrbus.federation.link..")
                .should(notBothWriteRecordsAndNameAnInbox())
                .because("an inbox holds only what the exchange checked and countersigned (its federation inlet, in"
                        + " federation.link, runs as the exchange and signs with its key); the broker's ACLs enforce"
                        + " the same, and other code has no reason to address a record to an inbox")
                .check(production);
    }

    @Test
    void onlyTheOperatorsCommandsRunTheFederation() {
        noClasses()
                .that()
                .resideOutsideOfPackages("org.ddrrbus.federation..", "org.ddrrbus.launcher..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.ddrrbus.federation..")
                .because("linking two national buses is the operators' act (./ddrr federate): no service, library or"
                        + " the auditor may pull in MirrorMaker or trust another bus's keys")
                .check(production);
    }

    @Test
    void theFederationTrustsForeignKeysOnlyInItsInlet() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "org.ddrrbus.federation.link..",
                        "org.ddrrbus.federation.mirror..",
                        "org.ddrrbus.federation.run..",
                        "org.ddrrbus.federation.story..")
                .and()
                .doNotHaveFullyQualifiedName("org.ddrrbus.federation.link.Inlet")
                .and()
                .doNotHaveFullyQualifiedName("org.ddrrbus.federation.link.CrossingKeyHolder")
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("org.ddrrbus.federation.agreement.TrustAnchors")
                .orShould()
                .callMethod("org.ddrrbus.federation.agreement.Bus", "trust")
                .because("only the receiving exchange's inlet judges foreign signatures on events, and the key holder"
                        + " for the linked bus the other exchange's on its requests for keys; the inlet delivers in its"
                        + " own name, so every other reader trusts its own bus's keys alone")
                .check(production);
    }

    @Test
    void busClientHasNoWebDependency() {
        noClasses()
                .that()
                .resideInAnyPackage("org.ddrrbus.client..", "org.ddrrbus.events..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework.web..",
                        "org.springframework.http..",
                        "org.springframework.security..",
                        "jakarta.servlet..",
                        "org.apache.catalina..",
                        "org.apache.tomcat..")
                .because("bus-client is what a partner embeds in any application, web or not")
                .check(production);
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("org.ddrrbus.(*).(*)..")
                .should()
                .beFreeOfCycles()
                .because("a cycle between features means neither can be understood or changed alone")
                .check(production);
    }

    /**
     * A class that sends records must not name an inbox topic. Reading one's own inbox, or describing the layout
     * (the provisioner's ACLs), is fine: those classes do not send.
     */
    private static ArchCondition<JavaClass> notBothWriteRecordsAndNameAnInbox() {
        return new ArchCondition<>("not both send records and name an inbox topic") {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                boolean sends = javaClass.getMethodCallsFromSelf().stream().anyMatch(ArchitectureTest::sendsRecords)
                        || javaClass.getConstructorCallsFromSelf().stream()
                                .anyMatch(call -> call.getTargetOwner().isEquivalentTo(ProducerRecord.class));
                boolean namesInbox = javaClass.getMethodCallsFromSelf().stream()
                        .anyMatch(call -> call.getTargetOwner().isEquivalentTo(Topics.class)
                                && call.getName().equals("inbox"));
                if (sends && namesInbox) {
                    events.add(SimpleConditionEvent.violated(
                            javaClass, javaClass.getName() + " sends records and names an inbox topic"));
                }
            }
        };
    }

    private static boolean sendsRecords(JavaMethodCall call) {
        return call.getName().equals("send") && call.getTargetOwner().isAssignableTo(Producer.class);
    }
}
