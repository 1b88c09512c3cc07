package org.rapport.ingest.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.rapport.config.RapportConfig;
import org.junit.jupiter.api.Test;

class PseudonymizerTest {

    // Expected values computed independently: hmac.new(secret, f"{clinic}:{ref}", sha256).hexdigest()[:32]
    @Test
    void isTheFirst16BytesOfHmacSha256OfClinicColonRef() {
        assertThat(new Pseudonymizer("demo-secret").clientId("clinic-a", "MRN-0001"))
                .isEqualTo("2700103b097e11a7f9b0fc763c6d9641");
    }

    @Test
    void usesUtf8ForSecretAndMessage() {
        assertThat(new Pseudonymizer("sécret").clientId("clinique-é", "Réf 7"))
                .isEqualTo("c46da7cf713f9323a19dcf2cb113825c");
    }

    @Test
    void theSameRecordNumberAtAnotherClinicIsAnotherClient() {
        Pseudonymizer p = new Pseudonymizer("demo-secret");
        assertThat(p.clientId("clinic-b", "MRN-0001")).isNotEqualTo(p.clientId("clinic-a", "MRN-0001"));
    }

    @Test
    void refusesToWorkWithoutASecret() {
        assertThatThrownBy(() -> Pseudonymizer.fromConfig(RapportConfig.defaults()))
                .hasMessageContaining("RAPPORT_PSEUDONYM_SECRET");
        assertThatThrownBy(() -> new Pseudonymizer("")).isInstanceOf(IllegalArgumentException.class);
    }
}
