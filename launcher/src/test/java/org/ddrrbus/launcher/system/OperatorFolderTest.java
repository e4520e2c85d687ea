package org.ddrrbus.launcher.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.ddrrbus.broker.tls.BrokerTls;
import org.ddrrbus.client.home.HomeLayout;
import org.junit.jupiter.api.Test;

class OperatorFolderTest {

    private final Path data = Path.of("data");

    /** The auditor, given only the data folder, finds the CA certificate exactly where the broker makes it. */
    @Test
    void clientsLookForTheCaCertificateWhereTheBrokerWritesIt() {
        assertThat(HomeLayout.caCertificateIn(data)).isEqualTo(BrokerTls.caCertificate(data));
    }

    @Test
    void theBrokersTlsMaterialAndTheDirectoryKeyLiveInTheOperatorsFolder() {
        Workspace workspace = new Workspace(data);
        assertThat(BrokerTls.caFolder(data)).startsWithRaw(workspace.operatorDir());
        assertThat(HomeLayout.directoryKeyIn(data).getParent()).isEqualTo(workspace.operatorDir());
        assertThat(workspace.operatorDir()).isNotEqualTo(workspace.nodesDir());
    }
}
