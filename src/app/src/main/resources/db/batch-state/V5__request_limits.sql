-- The request rate every instance shares per Batch account (JdbcSharedLimits): when the next
-- request to the account may start, in microseconds by the database's clock. The account is a
-- digest of the base URL and the key: no key is stored. Write slots are advisory locks, no table.
CREATE TABLE request_rate (
    account      TEXT   PRIMARY KEY,
    next_free_us BIGINT NOT NULL
);
