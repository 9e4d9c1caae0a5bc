//! Goal: every assignor hands each partition of a subscribed topic to exactly one subscribed
//! member on generated groups; the sticky assignors are balanced within 1 under equal
//! subscriptions and stay valid after a membership change.
//! Method: a tiny xorshift generator builds a few hundred groups (equal and different
//! subscriptions, static members, unknown topics), each run through all four assignors.
//! Kafka: none (properties of `AbstractStickyAssignorTest.verifyValidityAndBalance`).

use super::*;

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

#[test]
fn property_valid_and_balanced_on_random_groups() {
    // Each partition of a subscribed topic goes to exactly one subscribed member; the sticky
    // assignors are balanced within 1 when subscriptions are equal and stay valid after a
    // membership change; cooperative never hands out a partition in the round it is revoked.
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    for round in 0..300 {
        let num_topics = 1 + rng.below(5) as usize;
        let partitions: BTreeMap<String, u32> = (0..num_topics)
            .map(|i| (format!("topic-{i}"), rng.below(9) as u32))
            .collect();
        let names: Vec<String> = partitions.keys().cloned().collect();
        let num_members = 1 + rng.below(7) as usize;
        let equal = round % 2 == 0;
        let members: Vec<MemberSubscription> = (0..num_members)
            .map(|i| {
                let topics: Vec<String> = if equal {
                    names.clone()
                } else {
                    let mut t: Vec<String> = names
                        .iter()
                        .filter(|_| rng.below(2) == 0)
                        .cloned()
                        .collect();
                    if t.is_empty() {
                        t.push(names[rng.below(names.len() as u64) as usize].clone());
                    }
                    if rng.below(4) == 0 {
                        t.push("unknown-topic".to_string());
                    }
                    t
                };
                let instance = (rng.below(3) == 0).then(|| format!("instance-{}", rng.below(100)));
                MemberSubscription {
                    member_id: format!("member-{}-{i}", rng.below(1000)),
                    group_instance_id: instance,
                    topics,
                    ..Default::default()
                }
            })
            .collect();

        for kind in [Range, RoundRobin, Sticky, CooperativeSticky] {
            let a = assign(kind, &partitions, &members);
            let ids: BTreeSet<&String> = members.iter().map(|m| &m.member_id).collect();
            assert_eq!(a.len(), ids.len());
            let mut owner: BTreeMap<Tp, &String> = BTreeMap::new();
            for m in &members {
                for p in get(&a, &m.member_id) {
                    assert!(
                        m.topics.contains(&p.topic),
                        "{kind:?}: {p} to unsubscribed {}",
                        m.member_id
                    );
                    assert!(
                        owner.insert(p.clone(), &m.member_id).is_none(),
                        "{kind:?}: {p} twice"
                    );
                }
            }
            let subscribed: BTreeSet<&String> = members.iter().flat_map(|m| &m.topics).collect();
            let expected: usize = partitions
                .iter()
                .filter(|(t, _)| subscribed.contains(t))
                .map(|(_, &n)| n as usize)
                .sum();
            assert_eq!(owner.len(), expected, "{kind:?}: not everything assigned");
            if equal && matches!(kind, Sticky | CooperativeSticky | RoundRobin) {
                assert!(is_fully_balanced(&a), "{kind:?} unbalanced: {a:?}");
            }
            if matches!(kind, Sticky | CooperativeSticky) {
                verify_validity_and_balance(&members, &a, &partitions);
                // One member leaves, one joins; the others report what they own.
                let mut next = next_generation(&members, &a, 1 + round);
                next.remove(0);
                next.push(MemberSubscription {
                    member_id: format!("joiner-{round}"),
                    topics: members[0].topics.clone(),
                    ..Default::default()
                });
                let b = assign(kind, &partitions, &next);
                if kind == CooperativeSticky {
                    cooperative_converge(&partitions, next, b);
                } else {
                    verify_validity_and_balance(&next, &b, &partitions);
                    if equal {
                        assert!(is_fully_balanced(&b));
                    }
                }
            }
        }
    }
}
