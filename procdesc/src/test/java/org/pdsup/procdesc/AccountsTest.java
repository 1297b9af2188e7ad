package org.pdsup.procdesc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

/** getpwnam_r & co. against this machine's /etc/passwd and /etc/group (root and nobody exist on Debian). */
class AccountsTest {

    private final Accounts accounts = Accounts.system();

    @Test
    void looksUpUsers() {
        assertThat(accounts.userByName("root")).contains(new Accounts.User("root", 0, 0, "/root"));
        assertThat(accounts.userById(0)).map(Accounts.User::name).contains("root");
        Accounts.User nobody = accounts.userByName("nobody").orElseThrow();
        assertThat(nobody.uid()).isEqualTo(65534);
        assertThat(accounts.userById(nobody.uid())).contains(nobody);
        assertThat(accounts.userByName("no-such-user-pdsup")).isEmpty();
        assertThat(accounts.userByName("")).isEmpty();
        assertThat(accounts.userById(1_999_999_999)).isEmpty();
    }

    @Test
    void looksUpGroups() {
        assertThat(accounts.groupByName("root")).contains(new Accounts.Group("root", 0));
        assertThat(accounts.groupById(0)).map(Accounts.Group::name).contains("root");
        assertThat(accounts.groupByName("no-such-group-pdsup")).isEmpty();
        assertThat(accounts.groupById(1_999_999_999)).isEmpty();
    }

    @Test
    void groupListIncludesThePrimaryGroup() {
        assertThat(accounts.groupIdsOf("root", 0)).contains(0);
        assertThat(accounts.groupIdsOf("no-such-user-pdsup", 4242)).containsExactly(4242);
    }

    @Test
    void safeFromManyThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        if (!accounts.userByName("root").orElseThrow().home().equals("/root")) return false;
                        if (accounts.userById(65534).orElseThrow().uid() != 65534) return false;
                        if (accounts.groupById(0).orElseThrow().gid() != 0) return false;
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) assertThat(f.get()).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }
}
