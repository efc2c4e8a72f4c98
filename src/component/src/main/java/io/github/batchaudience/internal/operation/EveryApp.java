package io.github.batchaudience.internal.operation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.batchaudience.BatchAudienceResult;

/**
 * Runs a step on every account. With one account, its failure is the operation's, as it is;
 * with several, each app is tried, and the failures are thrown together at the end.
 */
final class EveryApp {
    private final List<Account> accounts;
    private final Map<String, Exception> failures = new LinkedHashMap<>();

    @FunctionalInterface
    interface Step<T> {
        T run(Account account) throws Exception;
    }

    EveryApp(List<Account> accounts) {
        this.accounts = accounts;
    }

    /** The step's answer, or null when it failed on this app (recorded for {@link #throwIfFailed}). */
    <T> T run(Account account, Step<T> step) throws Exception {
        if (accounts.size() == 1) {
            return step.run(account);
        }
        try {
            return step.run(account);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            fail(account, e);
            return null;
        }
    }

    void fail(Account account, Exception e) {
        failures.putIfAbsent(account.app(), e);
    }

    boolean failed(Account account) {
        return failures.containsKey(account.app());
    }

    Exception failureOf(Account account) {
        return failures.get(account.app());
    }

    /** @param partial what was applied, or null */
    void throwIfFailed(BatchAudienceResult partial) throws AppsFailedException {
        if (!failures.isEmpty()) {
            throw new AppsFailedException(accounts.size(), failures, partial);
        }
    }
}
