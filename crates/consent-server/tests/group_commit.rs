//! The group commit: consents arriving together are committed together, each answered only after that commit; on
//! SQLite and PostgreSQL.

mod backend;

use std::time::Duration;

use backend::TestDb;
use consent_server::{CommitOptions, Inserted, Store, StoredRow};

fn row(n: u64) -> StoredRow {
    StoredRow { received_at_ms: 1_764_000_000_000, ..consent_server::fixture::stored_row(n) }
}

async fn consents_arriving_together_share_one_transaction(db: TestDb) {
    // A linger long enough that all 200 are waiting before the first commit starts.
    let options = CommitOptions { linger: Duration::from_millis(300), ..CommitOptions::default() };
    let store = Store::connect_with(&db.url, options).await.unwrap();
    let inserts = (1..=200).map(|n| {
        let store = store.clone();
        tokio::spawn(async move { store.insert(row(n)).await })
    });
    let outcomes = futures_util::future::join_all(inserts).await;
    let mut seqs: Vec<i64> = outcomes
        .into_iter()
        .map(|joined| match joined.unwrap().unwrap() {
            Inserted::Stored(logged) => logged.link.seq,
            Inserted::Duplicate(_) => panic!("no duplicate was sent"),
        })
        .collect();
    seqs.sort_unstable();
    assert_eq!(seqs, (1..=200).collect::<Vec<i64>>());
    assert_eq!(store.writer_stats().transactions(), 1, "200 consents, one commit");
    assert_eq!(store.writer_stats().rows(), 200);
}

async fn a_batch_larger_than_the_cap_is_split(db: TestDb) {
    let options = CommitOptions { linger: Duration::from_millis(300), max_batch: 64, ..CommitOptions::default() };
    let store = Store::connect_with(&db.url, options).await.unwrap();
    let inserts = (1..=200).map(|n| {
        let store = store.clone();
        tokio::spawn(async move { store.insert(row(n)).await })
    });
    for joined in futures_util::future::join_all(inserts).await {
        assert!(matches!(joined.unwrap().unwrap(), Inserted::Stored(_)));
    }
    assert_eq!(store.writer_stats().transactions(), 4, "200 consents in batches of at most 64");
    assert_eq!(store.count().await.unwrap(), 200);
}

async fn a_duplicate_within_one_batch_is_stored_once(db: TestDb) {
    let options = CommitOptions { linger: Duration::from_millis(200), ..CommitOptions::default() };
    let store = Store::connect_with(&db.url, options).await.unwrap();
    let (first, second) = tokio::join!(store.insert(row(1)), store.insert(row(1)));
    let outcomes = [first.unwrap(), second.unwrap()];
    assert_eq!(outcomes.iter().filter(|o| matches!(o, Inserted::Stored(_))).count(), 1);
    assert_eq!(outcomes.iter().filter(|o| matches!(o, Inserted::Duplicate(_))).count(), 1);
    assert_eq!(store.count().await.unwrap(), 1);
    assert_eq!(store.writer_stats().transactions(), 1);
}

/// A group commit for 150 sites, half of them new: more heads than one statement locks (64), and the heads of new sites
/// made before the batch's locks are taken. Every site's chain must come out gap-free and verify.
async fn a_batch_for_many_sites_old_and_new_links_every_chain(db: TestDb) {
    let site = |n: u64| format!("shop-{n:03}");
    let for_site = |n: u64, id: u64| StoredRow { site: site(n), ..row(id) };
    let options = CommitOptions { linger: Duration::from_millis(300), max_batch: 1024, ..CommitOptions::default() };
    let store = Store::connect_with(&db.url, options).await.unwrap();
    // Sites 0..75 get a first record each, so their heads exist when the big batch comes.
    let firsts = (0..75).map(|n| {
        let (store, row) = (store.clone(), for_site(n, 10_000 + n));
        tokio::spawn(async move { store.insert(row).await })
    });
    for joined in futures_util::future::join_all(firsts).await {
        assert!(matches!(joined.unwrap().unwrap(), Inserted::Stored(_)));
    }
    let commits_before = store.writer_stats().transactions();
    let batch = (0..150).flat_map(|n| [(n, 20_000 + 2 * n), (n, 20_001 + 2 * n)]).map(|(n, id)| {
        let (store, row) = (store.clone(), for_site(n, id));
        tokio::spawn(async move { store.insert(row).await })
    });
    for joined in futures_util::future::join_all(batch).await {
        assert!(matches!(joined.unwrap().unwrap(), Inserted::Stored(_)));
    }
    assert_eq!(store.writer_stats().transactions() - commits_before, 1, "300 consents for 150 sites, one commit");
    for n in 0..150 {
        let expected = if n < 75 { 3 } else { 2 };
        let (seq, _) = store.chain_head(&site(n)).await.unwrap().expect("every site has a head");
        assert_eq!(seq, expected, "{}'s head", site(n));
        let summary = consent_server::chain::verify::verify_site(&store, &site(n), None).await.unwrap();
        assert!(summary.is_ok(), "{}'s chain: {summary:?}", site(n));
    }
}

/// Runs each test on a multi-threaded runtime, once per backend.
macro_rules! for_each_backend_threaded {
    ($($test:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $test() {
                    super::$test(super::backend::sqlite().await).await
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $test() {
                    super::$test(super::backend::postgres().await).await
                }
            )*
        }
    };
}

for_each_backend_threaded!(
    consents_arriving_together_share_one_transaction,
    a_batch_larger_than_the_cap_is_split,
    a_duplicate_within_one_batch_is_stored_once,
    a_batch_for_many_sites_old_and_new_links_every_chain,
);
