package io.github.batchaudience.internal.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.batchaudience.SharedLimits;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** One link (rate, write slots, connections) per account on one server, at the strictest limits its endpoints ask for. */
class SharedAccountsTest {
    private final SharedAccounts accounts = new SharedAccounts();

    private static ClientSettings app(String baseUrl, String key, double rate) {
        return app(baseUrl, key, rate, 4, null);
    }

    private static ClientSettings app(String baseUrl, String key, double rate, int parallel, SharedLimits shared) {
        return new ClientSettings(baseUrl, key, null, "2.11", "rest", 1000, 1000, parallel, rate,
                                  new RetryPolicy(1, 1, 1), shared);
    }

    @Test
    void theEndpointsOfAnAccountShareOneLinkAndItsConnectionsOtherAccountsHaveTheirOwn() {
        AccountLink first = accounts.open(app("https://api.batch.com", "k1", 10));
        AccountLink again = accounts.open(app("https://api.batch.com", "k1", 10));
        assertThat(again).isSameAs(first);
        assertThat(again.http()).isSameAs(first.http());
        assertThat(accounts.open(app("https://api.batch.com", "k2", 10))).isNotSameAs(first);
        assertThat(accounts.open(app("http://127.0.0.1:1", "k1", 10))).isNotSameAs(first);
    }

    @Test
    void theLinkLivesUntilItsLastUserLeaves() {
        AccountLink first = accounts.open(app("https://api.batch.com", "k1", 10));
        accounts.open(app("https://api.batch.com", "k1", 10));
        first.close();
        assertThat(accounts.open(app("https://api.batch.com", "k1", 10))).as("one user is left").isSameAs(first);
        first.close();
        first.close();
        assertThat(accounts.open(app("https://api.batch.com", "k1", 10))).as("every user left").isNotSameAs(first);
    }

    @Test
    void theStrictestRateHolds() throws Exception {
        AccountLink link = accounts.open(app("https://api.batch.com", "k1", 1000));
        accounts.open(app("https://api.batch.com", "k1", 0));
        accounts.open(app("https://api.batch.com", "k1", 2));
        link.acquire();
        long start = System.nanoTime();
        link.acquire();
        assertThat(System.nanoTime() - start).as("the second request waits half a second, at 2 a second")
                .isGreaterThan(400_000_000L);
    }

    /** Records what is asked of the limits other JVMs share. */
    private static final class Recorded implements SharedLimits {
        final List<String> asked = new ArrayList<>();

        @Override
        public void awaitTurn(String account, double perSecond) {
            asked.add(account + " " + perSecond);
        }

        @Override
        public Slot writeSlot(String account, int slots) {
            asked.add(account + " slot of " + slots);
            return () -> asked.add("slot back");
        }
    }

    @Test
    void aSharedRateIsAskedAtTheStrictestRateUnderANameThatHoldsNoKey() throws Exception {
        Recorded shared = new Recorded();
        List<String> asked = shared.asked;
        AccountLink link = accounts.open(app("https://api.batch.com", "secret-app-key", 50, 2, shared));
        accounts.open(app("https://api.batch.com", "secret-app-key", 100, 2, null));
        link.acquire();
        assertThat(asked).hasSize(1);
        assertThat(asked.get(0)).endsWith(" 50.0").doesNotContain("secret").doesNotContain("batch.com");
        AccountLink other = accounts.open(app("https://api.batch.com", "other-app-key", 50, 2, shared));
        other.acquire();
        assertThat(asked.get(1).split(" ")[0]).as("another account, another name").isNotEqualTo(asked.get(0).split(" ")[0]);
    }

    @Test
    void noRateNoSharedTurn() throws Exception {
        Recorded shared = new Recorded();
        AccountLink link = accounts.open(app("https://api.batch.com", "k1", 0, 2, shared));
        link.acquire();
        assertThat(shared.asked).isEmpty();
    }

    @Test
    void aWriteTakesALocalSlotThenASharedOneAtTheSmallestNumberAskedAndGivesBothBack() throws Exception {
        Recorded shared = new Recorded();
        AccountLink link = accounts.open(app("https://api.batch.com", "k1", 0, 3, shared));
        accounts.open(app("https://api.batch.com", "k1", 0, 1, null));
        try (SharedLimits.Slot slot = link.writeSlot()) {
            assertThat(shared.asked).singleElement().asString().endsWith(" slot of 1");
        }
        assertThat(shared.asked).last().isEqualTo("slot back");
        try (SharedLimits.Slot slot = link.writeSlot()) {
            assertThat(shared.asked).as("the local slot was given back too").hasSize(3);
        }
    }

    @Test
    void theEndpointsOfAnAccountShareItsWriteSlotsAtTheSmallestNumberAsked() throws Exception {
        InFlight writes = accounts.open(app("https://api.batch.com", "k1", 0, 3, null)).writes();
        assertThat(accounts.open(app("https://api.batch.com", "k1", 0, 2, null)).writes()).isSameAs(writes);
        assertThat(accounts.open(app("https://api.batch.com", "k2", 0, 2, null)).writes()).isNotSameAs(writes);
        writes.acquire();
        writes.acquire();
        Thread third = new Thread(() -> {
            try {
                writes.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        third.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> third.getState() == Thread.State.WAITING);
        writes.release();
        third.join(5_000);
        assertThat(third.isAlive()).as("the third write goes once a slot is free").isFalse();
    }
}
