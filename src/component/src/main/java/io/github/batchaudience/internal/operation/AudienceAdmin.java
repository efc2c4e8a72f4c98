package io.github.batchaudience.internal.operation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.github.batchaudience.internal.client.CallCounter;
import io.github.batchaudience.model.IdType;

/**
 * The operations that read or manage audiences rather than write members: create, view, list
 * and delete. The producer and the polling consumer both use them. With several apps, create
 * and delete go to every app; view and list answer {@code {"apps":[{"app":…, …the app's answer}]}}.
 */
public final class AudienceAdmin {
    private final List<Account> accounts;

    public AudienceAdmin(List<Account> accounts) {
        this.accounts = List.copyOf(accounts);
    }

    public Map<String, Object> create(String audience, IdType idType, CallCounter counter) throws Exception {
        if (idType == null) {
            throw new IllegalArgumentException("batch-audience:create of " + audience + " needs the idType option");
        }
        return each(a -> {
            a.idTypes().create(audience, idType, counter);
            return new LinkedHashMap<>();
        });
    }

    /** The audience's view; with a token, the indexing state of that write too. */
    public Map<String, Object> view(String audience, IdType requested, String token, CallCounter counter)
            throws Exception {
        return each(a -> a.client().view(audience, a.idTypes().forReading(audience, requested, counter), token, counter));
    }

    /** Every page of the list, joined, in the API's order (newest first). */
    public Map<String, Object> list(IdType requested, CallCounter counter) throws Exception {
        return each(a -> a.client().list(requested, counter));
    }

    public Map<String, Object> delete(String audience, IdType requested, CallCounter counter) throws Exception {
        return each(a -> {
            a.client().delete(audience, a.idTypes().forReading(audience, requested, counter), counter);
            a.idTypes().forget(audience);
            return new LinkedHashMap<>();
        });
    }

    /**
     * These operations on one app only, named by its label ({@code …3f9a}); all of them when
     * {@code app} is null.
     */
    public AudienceAdmin only(String app) {
        if (app == null || app.isBlank()) {
            return this;
        }
        List<Account> chosen = accounts.stream().filter(a -> app.trim().equals(a.app())).collect(Collectors.toList());
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("no app of this endpoint is named " + app + "; its apps are "
                                               + accounts.stream().map(Account::app).collect(Collectors.toList()));
        }
        return new AudienceAdmin(chosen);
    }

    /** After a 404: the audience is read again next time, in every app. */
    public void forget(String audience) {
        accounts.forEach(a -> a.idTypes().forget(audience));
    }

    /** One account's answer as it is; several accounts' under {@code apps}, each with its {@code app}. */
    private Map<String, Object> each(EveryApp.Step<Map<String, Object>> step) throws Exception {
        if (accounts.size() == 1) {
            return step.run(accounts.get(0));
        }
        EveryApp apps = new EveryApp(accounts);
        List<Object> answers = new ArrayList<>();
        for (Account account : accounts) {
            Map<String, Object> answer = apps.run(account, step);
            if (answer != null) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("app", account.app());
                entry.putAll(answer);
                answers.add(entry);
            }
        }
        apps.throwIfFailed(null);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("apps", answers);
        return out;
    }
}
